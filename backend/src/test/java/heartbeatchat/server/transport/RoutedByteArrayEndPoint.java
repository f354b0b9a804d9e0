package heartbeatchat.server.transport;

import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/** Jetty's in-memory endpoint routing Jetty's writes through the writer, as the server's endpoints do. */
final class RoutedByteArrayEndPoint extends ByteArrayEndPoint implements RoutedEndPoint {
    private final RoutedWrites routed = new RoutedWrites(this::flush, super::write);

    /** @param outputBytes what the "socket" takes before it must be drained */
    RoutedByteArrayEndPoint(int outputBytes) {
        super(new byte[0], outputBytes);
    }

    @Override
    public RoutedWrites routing() {
        return routed;
    }

    @Override
    public void write(Callback callback, ByteBuffer... buffers) {
        routed.write(callback, buffers);
    }
}
