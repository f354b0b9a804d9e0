package heartbeatchat.shared.protocol;

/** The rule for display names, shared by the login form and the server. */
public final class UserNames {
    private UserNames() {
    }

    /** The name as it will be shown: surrounding white space removed. */
    public static String normalize(String name) {
        return name == null ? "" : name.trim();
    }

    /** Why the (normalized) name is refused, or null when it is fine. */
    public static ErrorCode problem(String normalizedName) {
        return TextRules.nameProblem(normalizedName, Limits.MAX_USER_NAME_LENGTH);
    }
}
