package heartbeatchat.server;

import heartbeatchat.shared.protocol.CloseCode;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Connection} over a Jetty WebSocket session. Sends never block: Jetty queues them.
 * Broadcast frames go in batch mode through Jetty's core session, so the frames queued for one
 * connection leave in one gathering write at {@link #flush()}, and their bytes are shared, not
 * copied. The bytes queued and not yet written are counted; a connection that lets more than the
 * bound pile up is cut off as a slow consumer (4003), so it cannot hold the server's memory. It
 * catches up by resuming when it comes back.
 */
final class JettyConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(JettyConnection.class);

    private final String id;
    private final Session session;
    private final CoreSession core;
    private final long maxPendingBytes;
    private final AtomicLong pendingBytes = new AtomicLong();
    /** Bytes queued since the last flush; only touched by the room's broadcasts, which hold its lock. */
    private long unflushedBytes;
    private volatile boolean cutOff;

    JettyConnection(String id, Session session, long maxPendingBytes) {
        this.id = id;
        this.session = session;
        this.core = ((WebSocketSession) session).getCoreSession();
        this.maxPendingBytes = maxPendingBytes;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void send(String text) {
        int size = text.length();
        if (admit(size)) {
            session.sendText(text, Callback.from(() -> sent(size), this::failed));
        }
    }

    /** Queued frames are counted once per flush, not per frame: one callback for the whole write. */
    @Override
    public void queue(SharedFrame frame) {
        int size = frame.size();
        if (admit(size)) {
            unflushedBytes += size;
            core.sendFrame(new Frame(OpCode.TEXT, frame.bytes()), org.eclipse.jetty.util.Callback.NOOP, true);
        }
    }

    @Override
    public void flush() {
        long bytes = unflushedBytes;
        unflushedBytes = 0;
        if (bytes > 0 && !cutOff && core.isOutputOpen()) {
            core.flush(org.eclipse.jetty.util.Callback.from(() -> sent(bytes), this::failed));
        }
    }

    private boolean admit(int size) {
        if (cutOff || !session.isOpen()) {
            return false;
        }
        long pending = pendingBytes.addAndGet(size);
        if (pending > maxPendingBytes) {
            cutOff(pending);
            return false;
        }
        return true;
    }

    private void sent(long size) {
        pendingBytes.addAndGet(-size);
    }

    private void failed(Throwable failure) {
        log.debug("send to {} failed: {}", id, failure.toString());
        session.disconnect();
    }

    private void cutOff(long pending) {
        cutOff = true;
        log.warn("cutting off {}: {} bytes unsent, more than {}", id, pending, maxPendingBytes);
        // the close frame would wait behind everything unsent, so the socket is dropped as well
        session.close(CloseCode.SLOW_CONSUMER.code(), "slow consumer", Callback.NOOP);
        session.disconnect();
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason, Callback.NOOP);
    }
}
