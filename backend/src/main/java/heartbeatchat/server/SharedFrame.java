package heartbeatchat.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A text frame serialized once and encoded to UTF-8 once, for one recipient or many. Each recipient
 * gets a view of the same bytes, never a copy.
 */
public final class SharedFrame {
    private final ByteBuffer utf8;
    private String text;

    public SharedFrame(String text) {
        this.text = text;
        this.utf8 = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    private SharedFrame(byte[] utf8) {
        this.utf8 = ByteBuffer.wrap(utf8).asReadOnlyBuffer();
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

    public int size() {
        return utf8.remaining();
    }
}
