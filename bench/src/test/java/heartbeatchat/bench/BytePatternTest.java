package heartbeatchat.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BytePatternTest {

    private static int plainIndexOf(byte[] b, int from, int end, byte[] p) {
        outer:
        for (int i = from; i + p.length <= end; i++) {
            for (int k = 0; k < p.length; k++) {
                if (b[i + k] != p[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int plainLastIndexOf(byte[] b, int from, int end, byte[] p) {
        outer:
        for (int i = end - p.length; i >= from; i--) {
            for (int k = 0; k < p.length; k++) {
                if (b[i + k] != p[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void findsTheTimestampInBothServersMessageFrames() {
        BytePattern data = new BytePattern("\"data\":\"");
        byte[] ours = ("{\"type\":\"message\",\"room\":\"lobby\",\"seq\":7,\"time\":1,\"userId\":\"u\",\"userName\":\"a \\\"data\\\":\\\" b\","
                + "\"userAvatar\":\"\",\"data\":\"123456 xx\"}").getBytes(StandardCharsets.UTF_8);
        int at = data.indexIn(ours, 0, ours.length);
        assertEquals("123456 xx\"}", new String(ours, at + data.length(), ours.length - at - data.length(), StandardCharsets.UTF_8));
        assertEquals(-1, data.indexIn(ours, 0, at + data.length() - 1), "a window ending inside the match finds nothing");
        assertEquals(at, data.indexIn(ours, at, ours.length));
        assertEquals(-1, data.indexIn(ours, at + 1, ours.length));
        assertEquals(at, data.lastIndexIn(ours, 0, ours.length), "the key is the data field's, not the escaped text in the name");
        assertEquals(at, data.lastIndexIn(ours, at, at + data.length()));
        assertEquals(-1, data.lastIndexIn(ours, at + 1, ours.length));
        assertEquals(-1, data.lastIndexIn(ours, 0, at + data.length() - 1), "a window ending inside the match finds nothing");
    }

    /** Random texts over a small alphabet, with the pattern's bytes and near-misses planted: the same answers as the plain searches, from either end. */
    @Test
    void answersAsThePlainSearchDoes() {
        Random random = new Random(13);
        String[] patterns = {"\"data\":\"", "\"room\":\"", "aa", "abab", "x", "\"\""};
        byte[] alphabet = "\"datrom:ab x".getBytes(StandardCharsets.US_ASCII);
        int found = 0;
        for (String p : patterns) {
            BytePattern pattern = new BytePattern(p);
            byte[] bytes = p.getBytes(StandardCharsets.US_ASCII);
            for (int round = 0; round < 20_000; round++) {
                byte[] text = new byte[random.nextInt(40)];
                for (int i = 0; i < text.length; i++) {
                    text[i] = alphabet[random.nextInt(alphabet.length)];
                }
                if (text.length >= bytes.length && random.nextBoolean()) {
                    System.arraycopy(bytes, 0, text, random.nextInt(text.length - bytes.length + 1), bytes.length);
                }
                int from = text.length == 0 ? 0 : random.nextInt(text.length);
                int end = from + random.nextInt(text.length - from + 1);
                int expected = plainIndexOf(text, from, end, bytes);
                assertEquals(expected, pattern.indexIn(text, from, end), () -> p + " in " + new String(text, StandardCharsets.US_ASCII));
                assertEquals(plainLastIndexOf(text, from, end, bytes), pattern.lastIndexIn(text, from, end),
                        () -> p + " from the end of " + new String(text, StandardCharsets.US_ASCII));
                if (expected >= 0) {
                    found++;
                }
            }
        }
        assertEquals(true, found > 10_000, "the planted patterns were found: " + found);
    }
}
