package heartbeatchat.server.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A text frame serialized once and encoded to UTF-8 once, for one recipient or many. Each recipient
 * gets a view of the same bytes, never a copy.
 */
public final class SharedFrame {
    private final ByteBuffer utf8;
    /** The WebSocket header of a final text frame of this length (the server never masks). */
    private final ByteBuffer header;
    private String text;

    public SharedFrame(String text) {
        this(text.getBytes(StandardCharsets.UTF_8));
        this.text = text;
    }

    private SharedFrame(byte[] utf8) {
        this.utf8 = ByteBuffer.wrap(utf8).asReadOnlyBuffer();
        this.header = header(0x81, utf8.length);
    }

    /** The header of a final frame with this first byte (FIN and opcode) and payload length (RFC 6455 section 5.2). */
    static ByteBuffer header(int finAndOpcode, int length) {
        byte[] h;
        if (length <= 125) {
            h = new byte[] {(byte) finAndOpcode, (byte) length};
        } else if (length <= 0xFFFF) {
            h = new byte[] {(byte) finAndOpcode, 126, (byte) (length >>> 8), (byte) length};
        } else {
            h = new byte[] {(byte) finAndOpcode, 127, 0, 0, 0, 0,
                    (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        }
        return ByteBuffer.wrap(h).asReadOnlyBuffer();
    }

    /** A frame from bytes that are already UTF-8 JSON; the array must not change afterwards. */
    public static SharedFrame ofUtf8(byte[] utf8) {
        return new SharedFrame(utf8);
    }

    /** The frame as text; decoded on first use when the frame was made from bytes. */
    public String text() {
        String t = text;
        if (t == null) {
            t = StandardCharsets.UTF_8.decode(bytes()).toString();
            text = t;
        }
        return t;
    }

    /** A view of the encoded bytes with its own position, for one recipient. */
    public ByteBuffer bytes() {
        return utf8.duplicate();
    }

    /** A view of the frame's header with its own position, for one recipient. */
    public ByteBuffer header() {
        return header.duplicate();
    }
}
