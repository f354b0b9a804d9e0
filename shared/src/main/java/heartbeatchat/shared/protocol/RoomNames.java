package heartbeatchat.shared.protocol;

/** The rule for room names, the same as for user names but with its own length limit. */
public final class RoomNames {
    private RoomNames() {
    }

    /** The most characters a room name may have unless the server is told otherwise. */
    public static final int DEFAULT_MAX_LENGTH = 64;

    /** The name as it will be shown: surrounding white space removed. */
    public static String normalize(String name) {
        return UserNames.normalize(name);
    }

    /** Why the (normalized) name is refused, or null when it is fine. */
    public static ErrorCode problem(String normalizedName, int maxLength) {
        return TextRules.nameProblem(normalizedName, maxLength);
    }
}
