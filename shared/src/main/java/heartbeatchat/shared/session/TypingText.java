package heartbeatchat.shared.session;

import java.util.List;

/** The typing line above the composer. */
public final class TypingText {
    private TypingText() {
    }

    /** "" for nobody, "Ann is typing…", "Ann and Bob are typing…", else "Several people are typing…". */
    public static String of(List<String> names) {
        return switch (names.size()) {
            case 0 -> "";
            case 1 -> names.get(0) + " is typing…";
            case 2 -> names.get(0) + " and " + names.get(1) + " are typing…";
            default -> "Several people are typing…";
        };
    }
}
