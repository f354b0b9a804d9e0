package heartbeatchat.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits message text into plain pieces and web links, so the view can make {@code http://} and
 * {@code https://} links clickable and nothing else: no other scheme, no HTML. A link runs to the
 * next white space or {@code "}, {@code <}, {@code >} (never part of an address); punctuation that ends a sentence is left out of it (but a closing bracket that
 * has its opening one inside the link stays). Plain Java, tested on the JVM.
 */
final class LinkText {
    /** A piece of the text; {@code link} is true when {@code text} is the link's address. */
    record Piece(String text, boolean link) {
    }

    private static final String TRAILING = ".,;:!?'\"”’)]}>";

    private LinkText() {
    }

    static List<Piece> split(String text) {
        List<Piece> pieces = new ArrayList<>();
        int plainStart = 0;
        int i = 0;
        while (i < text.length()) {
            int start = nextLinkStart(text, i);
            if (start < 0) {
                break;
            }
            int end = start;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && "\"<>".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            end = withoutTrailingPunctuation(text, start, end);
            int schemeEnd = text.indexOf("://", start) + 3;
            if (end <= schemeEnd) { // nothing after the scheme: not a link
                i = schemeEnd;
                continue;
            }
            if (start > plainStart) {
                pieces.add(new Piece(text.substring(plainStart, start), false));
            }
            pieces.add(new Piece(text.substring(start, end), true));
            plainStart = end;
            i = end;
        }
        if (plainStart < text.length()) {
            pieces.add(new Piece(text.substring(plainStart), false));
        }
        return pieces;
    }

    /** Where the next "http://" or "https://" starts at a word's beginning, or -1. */
    private static int nextLinkStart(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if ((i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
                    && (text.regionMatches(true, i, "http://", 0, 7) || text.regionMatches(true, i, "https://", 0, 8))) {
                return i;
            }
        }
        return -1;
    }

    private static int withoutTrailingPunctuation(String text, int start, int end) {
        while (end > start && TRAILING.indexOf(text.charAt(end - 1)) >= 0) {
            char c = text.charAt(end - 1);
            char open = c == ')' ? '(' : c == ']' ? '[' : c == '}' ? '{' : 0;
            if (open != 0 && count(text, start, end, open) >= count(text, start, end, c)) {
                break; // balanced: the bracket belongs to the link (Wikipedia's "Foo_(bar)")
            }
            end--;
        }
        return end;
    }

    private static int count(String text, int start, int end, char c) {
        int n = 0;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
