package heartbeatchat.shared.protocol;

/** What counts as text worth showing, for names and messages alike. */
public final class TextRules {
    private TextRules() {
    }

    /** True when nothing would be visible: only white space and control characters, or nothing. */
    public static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isISOControl(c) && !Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Characters that are invisible or change how the text around them is shown, so a name holding
     * one could pass for another or hide part of itself: control characters (C0, DEL, C1), the bidi
     * marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A–U+202E,
     * U+2066–U+2069), and zero-width characters (U+200B–U+200D, U+2060–U+2064, U+FEFF, U+180E).
     */
    public static boolean isHiddenCharacter(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || c == 0x061C || c == 0x180E
                || (c >= 0x200B && c <= 0x200F)
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2060 && c <= 0x2069)
                || c == 0xFEFF;
    }

    /** True when any character of the text is {@link #isHiddenCharacter hidden}. */
    public static boolean hasHiddenCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isHiddenCharacter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when no store can keep the text as it is: it is not valid Unicode, or it holds a NUL
     * character (PostgreSQL's text cannot). Every string a client sends is refused for either.
     */
    public static boolean isUnstorable(String s) {
        return s.indexOf('\u0000') >= 0 || hasUnpairedSurrogate(s);
    }

    /** True when the text is not valid Unicode: a surrogate without its pair. */
    public static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why a (trimmed) display name, of a user or a room, is refused, or null when it is fine: empty,
     * longer than {@code maxLength}, or holding a {@link #isHiddenCharacter hidden character}.
     */
    public static ErrorCode nameProblem(String normalizedName, int maxLength) {
        if (isBlank(normalizedName)) {
            return ErrorCode.NAME_EMPTY;
        }
        if (normalizedName.length() > maxLength) {
            return ErrorCode.NAME_TOO_LONG;
        }
        if (hasHiddenCharacter(normalizedName)) {
            return ErrorCode.NAME_INVALID_CHARACTERS;
        }
        return null;
    }
}
