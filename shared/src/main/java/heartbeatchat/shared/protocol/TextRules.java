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
}
