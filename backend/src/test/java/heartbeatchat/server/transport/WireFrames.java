package heartbeatchat.server.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads what a server wrote to a socket: a stream of final, unmasked text frames. */
public final class WireFrames {
    private WireFrames() {
    }

    /** The texts of the frames, in order; fails on anything else, or a frame cut short. */
    public static List<String> texts(byte[] wire) {
        List<String> out = new ArrayList<>();
        int pos = 0;
        while (pos < wire.length) {
            assertEquals(0x81, wire[pos] & 0xFF, "a final text frame at byte " + pos);
            int len = wire[pos + 1] & 0x7F;
            int header = 2;
            if (len == 126) {
                len = ((wire[pos + 2] & 0xFF) << 8) | (wire[pos + 3] & 0xFF);
                header = 4;
            } else if (len == 127) {
                len = ((wire[pos + 6] & 0xFF) << 24) | ((wire[pos + 7] & 0xFF) << 16) | ((wire[pos + 8] & 0xFF) << 8)
                        | (wire[pos + 9] & 0xFF);
                header = 10;
            }
            assertTrue(pos + header + len <= wire.length, "a whole frame at byte " + pos);
            out.add(new String(wire, pos + header, len, StandardCharsets.UTF_8));
            pos += header + len;
        }
        return out;
    }
}
