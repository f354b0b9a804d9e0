package heartbeatchat.server.transport;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Frames in a row for many connections (the lobby's messages of one commit batch), laid out on the
 * wire once, headers included, in one direct buffer: each connection gets a view of the same bytes
 * and writes them in one piece, with no copy into the JDK's temporary direct buffers. This is the
 * coalescing a Node server does per event-loop turn (docs/bench/PROFILE.md, section 11).
 */
public final class FrameRun {
    private final List<SharedFrame> frames;
    private final ByteBuffer wire;

    public FrameRun(List<SharedFrame> frames) {
        this.frames = List.copyOf(frames);
        int bytes = 0;
        for (SharedFrame f : this.frames) {
            bytes += f.header().remaining() + f.bytes().remaining();
        }
        ByteBuffer w = ByteBuffer.allocateDirect(bytes);
        for (SharedFrame f : this.frames) {
            w.put(f.header()).put(f.bytes());
        }
        this.wire = w.flip().asReadOnlyBuffer();
    }

    /** The frames, in order. */
    public List<SharedFrame> frames() {
        return frames;
    }

    /** A view of the frames' wire bytes with its own position, for one connection. */
    public ByteBuffer wire() {
        return wire.duplicate();
    }
}
