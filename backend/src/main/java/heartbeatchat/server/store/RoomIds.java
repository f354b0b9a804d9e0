package heartbeatchat.server.store;

import java.util.Random;

/** Room ids the server makes: random, so a room cannot be found by guessing. */
final class RoomIds {
    private RoomIds() {
    }

    /** "r" and 16 base-36 characters (about 82 bits). */
    static String publicRoom(Random random) {
        return "r" + Epochs.random(random) + Epochs.random(random).substring(0, 4);
    }

    /** "d" and 16 base-36 characters. */
    static String directRoom(Random random) {
        return "d" + Epochs.random(random) + Epochs.random(random).substring(0, 4);
    }

    /** The same key for a pair of users, whichever comes first. */
    static String pair(String userA, String userB) {
        return userA.compareTo(userB) <= 0 ? userA + "\n" + userB : userB + "\n" + userA;
    }
}
