package heartbeatchat.server;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Connection} over a Jetty WebSocket session. Sends are queued by Jetty and never block. */
final class JettyConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(JettyConnection.class);

    private final String id;
    private final Session session;
    private final Callback onSent;

    JettyConnection(String id, Session session) {
        this.id = id;
        this.session = session;
        // a failed send means the peer is gone or broken: drop it, so it leaves the room now
        this.onSent = Callback.from(() -> { }, failure -> {
            log.debug("send to {} failed: {}", id, failure.toString());
            session.disconnect();
        });
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void send(String text) {
        if (session.isOpen()) {
            session.sendText(text, onSent);
        }
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason, Callback.NOOP);
    }
}
