package heartbeatchat.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A fixed byte string found in received frames with Horspool's skip tables: the load generator
 * looks for {@code "data":"} in every delivery it times, and at the fan-out's top step the plain
 * byte-by-byte search took 28 % of its core (PROFILE.md, section 13). {@link #indexIn} finds the
 * first occurrence, {@link #lastIndexIn} the last, as the plain searches do.
 */
final class BytePattern {
    private final byte[] pattern;
    /** How far the window may move right when its last byte is this one. */
    private final int[] skip = new int[256];
    /** How far the window may move left when its first byte is this one. */
    private final int[] skipBack = new int[256];

    BytePattern(String ascii) {
        pattern = ascii.getBytes(StandardCharsets.US_ASCII);
        if (pattern.length == 0) {
            throw new IllegalArgumentException("empty pattern");
        }
        Arrays.fill(skip, pattern.length);
        for (int i = 0; i < pattern.length - 1; i++) {
            skip[pattern[i] & 0xff] = pattern.length - 1 - i;
        }
        Arrays.fill(skipBack, pattern.length);
        for (int i = pattern.length - 1; i > 0; i--) {
            skipBack[pattern[i] & 0xff] = i;
        }
    }

    int length() {
        return pattern.length;
    }

    /** The index of the first occurrence in {@code b[from, end)}, or -1. */
    int indexIn(byte[] b, int from, int end) {
        int last = pattern.length - 1;
        for (int i = from; i + last < end; i += skip[b[i + last] & 0xff]) {
            int k = last;
            while (k >= 0 && b[i + k] == pattern[k]) {
                k--;
            }
            if (k < 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of the last occurrence in {@code b[from, end)}, or -1: the same search run from the
     * end, for a field that ends a frame (a message's {@code data}, after the sender's name and id).
     */
    int lastIndexIn(byte[] b, int from, int end) {
        for (int i = end - pattern.length; i >= from; i -= skipBack[b[i] & 0xff]) {
            int k = 0;
            while (k < pattern.length && b[i + k] == pattern[k]) {
                k++;
            }
            if (k == pattern.length) {
                return i;
            }
        }
        return -1;
    }
}
