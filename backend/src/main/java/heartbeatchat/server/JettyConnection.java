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
    /** Frames queued since the last flush, and their bytes; only touched under the room's lock. */
    private final java.util.ArrayList<SharedFrame> unflushed = new java.util.ArrayList<>(4);
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

    /** Queued frames are handed to Jetty at {@link #flush()}, counted once: one callback for the whole write. */
    @Override
    public void queue(SharedFrame frame) {
        int size = frame.size();
        if (admit(size)) {
            unflushedBytes += size;
            unflushed.add(frame);
        }
    }

    /**
     * One frame goes straight out; several go in Jetty's batch mode with the last one unbatched, so
     * they leave together in one write without a separate flush.
     */
    @Override
    public void flush() {
        int n = unflushed.size();
        if (n == 0) {
            return;
        }
        long bytes = unflushedBytes;
        unflushedBytes = 0;
        if (cutOff || !core.isOutputOpen()) {
            unflushed.clear();
            return;
        }
        for (int i = 0; i < n - 1; i++) {
            core.sendFrame(new Frame(OpCode.TEXT, unflushed.get(i).bytes()), org.eclipse.jetty.util.Callback.NOOP, true);
        }
        core.sendFrame(new Frame(OpCode.TEXT, unflushed.get(n - 1).bytes()),
                org.eclipse.jetty.util.Callback.from(() -> sent(bytes), this::failed), false);
        unflushed.clear();
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
