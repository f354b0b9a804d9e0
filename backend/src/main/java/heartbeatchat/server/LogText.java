package heartbeatchat.server;

import heartbeatchat.shared.protocol.TextRules;

/**
 * Text from outside (a user name, a close reason, a header) made safe for one log line: CR, LF and
 * every other control, bidi or zero-width character is written as an escape ({@code \n},
 * {@code \u202e}), and so is the backslash, so nothing a client sends can start a forged line or
 * hide part of one.
 */
public final class LogText {
    private LogText() {
    }

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escaped = c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t"
                    : TextRules.isHiddenCharacter(c) ? String.format("\\u%04x", (int) c) : null;
            if (escaped != null && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
