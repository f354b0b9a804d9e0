package heartbeatchat.server.transport;

import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * What a {@link RoutedEndPoint} holds: where Jetty's writes go once a {@link SocketWriter} is set,
 * and the endpoint's own writing, which the writer uses and which is not routed back to it.
 */
final class RoutedWrites {
    private final SocketWriter.Sink direct;
    /** Null until the WebSocket has its writer (the HTTP upgrade's response is written as usual). */
    private volatile SocketWriter writer;

    /**
     * @param flush the endpoint's own non-blocking write
     * @param write the endpoint's own write of the rest when the socket drains
     */
    RoutedWrites(SocketWriter.Sink.Flush flush, SocketWriter.Sink.Write write) {
        direct = new SocketWriter.Sink(flush, write);
    }

    /** From now on, Jetty's writes on the endpoint are queued in {@code writer}. */
    void to(SocketWriter writer) {
        this.writer = writer;
    }

    SocketWriter.Sink direct() {
        return direct;
    }

    /** Jetty's write: queued in the writer, or written as usual while there is none yet. */
    void write(Callback callback, ByteBuffer[] buffers) {
        SocketWriter w = writer;
        if (w == null) {
            direct.later().write(callback, buffers);
        } else {
            w.addFromJetty(callback, buffers);
        }
    }
}
