package heartbeatchat.server;

import heartbeatchat.shared.protocol.CloseCode;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Connection} over a Jetty WebSocket session. Sends are queued by Jetty and never block;
 * the characters queued and not yet written are counted, and a connection that lets more than the
 * bound pile up is cut off as a slow consumer (4003), so it cannot hold the server's memory. It
 * catches up by resuming when it comes back.
 */
final class JettyConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(JettyConnection.class);

    private final String id;
    private final Session session;
    private final long maxPendingChars;
    private final AtomicLong pendingChars = new AtomicLong();
    private volatile boolean cutOff;

    JettyConnection(String id, Session session, long maxPendingChars) {
        this.id = id;
        this.session = session;
        this.maxPendingChars = maxPendingChars;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void send(String text) {
        if (cutOff || !session.isOpen()) {
            return;
        }
        int size = text.length();
        if (pendingChars.addAndGet(size) > maxPendingChars) {
            cutOff(pendingChars.get());
            return;
        }
        session.sendText(text, Callback.from(() -> pendingChars.addAndGet(-size), failure -> {
            pendingChars.addAndGet(-size);
            log.debug("send to {} failed: {}", id, failure.toString());
            session.disconnect();
        }));
    }

    private void cutOff(long pending) {
        cutOff = true;
        log.warn("cutting off {}: {} characters unsent, more than {}", id, pending, maxPendingChars);
        // the close frame would wait behind everything unsent, so the socket is dropped as well
        session.close(CloseCode.SLOW_CONSUMER.code(), "slow consumer", Callback.NOOP);
        session.disconnect();
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason, Callback.NOOP);
    }
}
