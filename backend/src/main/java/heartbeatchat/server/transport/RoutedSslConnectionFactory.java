package heartbeatchat.server.transport;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.SSLEngine;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * TLS as Jetty's {@link SslConnectionFactory} does it, with decrypted endpoints that are
 * {@link RoutedEndPoint}s: a WebSocket's frames are encrypted and written through its one
 * {@link SocketWriter}, Jetty's close frames included, as on a plain connection.
 */
public final class RoutedSslConnectionFactory extends SslConnectionFactory {
    public RoutedSslConnectionFactory(SslContextFactory.Server tls, String nextProtocol) {
        super(tls, nextProtocol);
    }

    @Override
    protected SslConnection newSslConnection(Connector connector, EndPoint endPoint, SSLEngine engine) {
        return new Routed(connector.getByteBufferPool(), connector.getExecutor(), getSslContextFactory(), endPoint, engine,
                isDirectBuffersForEncryption(), isDirectBuffersForDecryption());
    }

    private static final class Routed extends SslConnection {
        Routed(ByteBufferPool pool, Executor executor, SslContextFactory tls, EndPoint endPoint, SSLEngine engine,
               boolean directEncryption, boolean directDecryption) {
            super(pool, executor, tls, endPoint, engine, directEncryption, directDecryption);
        }

        @Override
        protected SslEndPoint newSslEndPoint() {
            return new RoutedSslEndPoint();
        }

        private final class RoutedSslEndPoint extends SslEndPoint implements RoutedEndPoint {
            private final RoutedWrites routed = new RoutedWrites(this::flush, super::write);

            @Override
            public RoutedWrites routing() {
                return routed;
            }

            /** Jetty's writes: through the WebSocket's writer once it has one. */
            @Override
            public void write(Callback callback, ByteBuffer... buffers) {
                routed.write(callback, buffers);
            }
        }
    }
}
