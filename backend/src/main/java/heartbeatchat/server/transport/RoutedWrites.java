package heartbeatchat.server.transport;

import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What a {@link RoutedEndPoint} holds: where Jetty's writes go once a {@link SocketWriter} is set,
 * and the endpoint's own writing, which the writer uses and which is not routed back to it.
 */
final class RoutedWrites {
    /** The endpoint's own non-blocking write: what the socket takes now, true when it took everything. */
    interface Flush {
        boolean flush(ByteBuffer[] buffers) throws IOException;
    }

    /** The endpoint's own write of the rest when the socket drains. */
    interface Write {
        void write(Callback callback, ByteBuffer[] buffers);
    }

    private final SocketWriter.Sink direct;
    /** Null until the WebSocket has its writer (the HTTP upgrade's response is written as usual). */
    private volatile SocketWriter writer;

    RoutedWrites(Flush flush, Write write) {
        direct = new SocketWriter.Sink() {
            @Override
            public boolean flush(ByteBuffer... buffers) throws IOException {
                return flush.flush(buffers);
            }

            @Override
            public void write(Callback callback, ByteBuffer... buffers) {
                write.write(callback, buffers);
            }
        };
    }

    /** From now on, Jetty's writes on the endpoint are queued in {@code writer}. */
    void to(SocketWriter writer) {
        this.writer = writer;
    }

    SocketWriter.Sink direct() {
        return direct;
    }

    /** Queues Jetty's write in the writer and returns true, or false when there is no writer yet. */
    boolean route(Callback callback, ByteBuffer[] buffers) {
        SocketWriter w = writer;
        if (w == null) {
            return false;
        }
        w.addFromJetty(callback, buffers);
        return true;
    }
}
