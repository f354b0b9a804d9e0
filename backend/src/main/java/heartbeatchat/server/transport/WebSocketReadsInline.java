package heartbeatchat.server.transport;

import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.WebSocketConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;

/**
 * A connector whose WebSocket reads run on the selector thread that saw the bytes arrive, instead
 * of being handed to a pool thread. Jetty treats every read as possibly blocking and hands it over,
 * which costs several thread switches per heartbeat; our frame handling never blocks (sends are
 * queued, the store works on its own thread), so a WebSocket's reads are declared non-blocking
 * and Jetty runs them in place. HTTP requests (the page) are handed to the pool as before.
 * Its endpoints are {@link RoutedEndPoint}s: once a WebSocket's {@link SocketWriter} exists, Jetty's
 * own writes on the connection go through it.
 */
public final class WebSocketReadsInline extends ServerConnector {

    /** No acceptor thread: the selector accepts new connections itself, with no hand-over per connect. */
    public WebSocketReadsInline(Server server, ConnectionFactory... factories) {
        super(server, 0, -1, factories);
    }

    /**
     * A connection just accepted gets its endpoint and HTTP connection made right here, on the selector
     * thread that accepted it (Jetty hands that to a pool thread). On one busy core a burst of connects
     * found no idle pool thread for each hand-over, so the pool started new threads: 8 became 146
     * during a cold ramp to 19,000 connections, some 15 MB of stacks (docs/bench/PROFILE.md, section 12).
     * Making an endpoint never blocks. Only the accept's work runs here: an ended connection's clean-up
     * ({@code DestroyEndPoint}) may run on any thread that closed it, so it stays on the pool.
     */
    @Override
    protected SelectorManager newSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
        return new ServerConnectorManager(executor, scheduler, selectors) {
            @Override
            protected void execute(Runnable task) {
                if (task instanceof ManagedSelector.SelectorUpdate) {
                    task.run(); // the accept's follow-up, already on the selector thread
                } else {
                    super.execute(task);
                }
            }
        };
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        SocketChannelEndPoint endPoint = new EndPoint(channel, selector, key, this);
        endPoint.setIdleTimeout(getIdleTimeout());
        return endPoint;
    }

    private static final class EndPoint extends SocketChannelEndPoint implements RoutedEndPoint {
        /** The connection's fill callback and its non-blocking wrapper, made once per connection. */
        private Callback wrapped;
        private Callback nonBlocking;
        private final RoutedWrites routed = new RoutedWrites(this::flush, super::write);

        EndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, ServerConnector connector) {
            super(channel, selector, key, connector.getScheduler());
        }

        @Override
        public RoutedWrites routing() {
            return routed;
        }

        /** Jetty's writes: through the WebSocket's writer once it has one. */
        @Override
        public void write(Callback callback, ByteBuffer... buffers) {
            routed.write(callback, buffers);
        }

        @Override
        public void fillInterested(Callback callback) {
            super.fillInterested(inline(callback));
        }

        @Override
        public boolean tryFillInterested(Callback callback) {
            return super.tryFillInterested(inline(callback));
        }

        private Callback inline(Callback callback) {
            if (!(getConnection() instanceof WebSocketConnection)) {
                return callback;
            }
            if (callback != wrapped) {
                wrapped = callback;
                nonBlocking = new NonBlocking(callback);
            }
            return nonBlocking;
        }
    }

    private record NonBlocking(Callback callback) implements Callback {
        @Override
        public void succeeded() {
            callback.succeeded();
        }

        @Override
        public void failed(Throwable x) {
            callback.failed(x);
        }

        @Override
        public Invocable.InvocationType getInvocationType() {
            return Invocable.InvocationType.NON_BLOCKING;
        }
    }
}
