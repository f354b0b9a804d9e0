package heartbeatchat.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A frame for many recipients: serialized once and encoded to UTF-8 once. Each recipient gets a
 * view of the same bytes, never a copy.
 */
public final class SharedFrame {
    private final String text;
    private final ByteBuffer utf8;

    public SharedFrame(String text) {
        this.text = text;
        this.utf8 = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    public String text() {
        return text;
    }

    /** A view of the encoded bytes with its own position, for one recipient. */
    public ByteBuffer bytes() {
        return utf8.duplicate();
    }

    public int size() {
        return utf8.remaining();
    }
}
