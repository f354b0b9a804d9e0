package heartbeatchat.server.store;

import java.util.Random;

final class Epochs {
    private Epochs() {
    }

    /** 12 base-36 characters of randomness. */
    static String random(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            s.append(Character.forDigit(random.nextInt(36), 36));
        }
        return s.toString();
    }
}
