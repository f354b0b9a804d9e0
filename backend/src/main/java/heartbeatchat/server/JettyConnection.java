package heartbeatchat.server;

import heartbeatchat.shared.protocol.CloseCode;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * A {@link Connection} over a Jetty core WebSocket session. Sends never block: Jetty queues them.
 * Broadcast frames go in batch mode, so the frames queued for one
 * connection leave in one gathering write at {@link #flush()}, and their bytes are shared, not
 * copied. The bytes queued and not yet written are counted; a connection that lets more than the
 * bound pile up is cut off as a slow consumer (4003), so it cannot hold the server's memory. It
 * catches up by resuming when it comes back.
 */
final class JettyConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(JettyConnection.class);
    private static final AtomicLongFieldUpdater<JettyConnection> PENDING_BYTES =
            AtomicLongFieldUpdater.newUpdater(JettyConnection.class, "pendingBytes");

    private final String id;
    private final CoreSession session;
    private final long maxPendingBytes;
    /** Bytes handed to Jetty and not yet written; a field, not an AtomicLong, to keep connections small. */
    private volatile long pendingBytes;
    /** Frames queued since the last flush, and their bytes; only touched under the room's lock. Made at the first queue. */
    private ArrayList<SharedFrame> unflushed;
    private long unflushedBytes;
    private volatile boolean cutOff;

    JettyConnection(String id, CoreSession session, long maxPendingBytes) {
        this.id = id;
        this.session = session;
        this.maxPendingBytes = maxPendingBytes;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void send(String text) {
        send(new SharedFrame(text));
    }

    @Override
    public void send(SharedFrame frame) {
        int size = frame.size();
        if (admit(size)) {
            session.sendFrame(new Frame(OpCode.TEXT, frame.bytes()), Callback.from(() -> sent(size), this::failed), false);
        }
    }

    /** Queued frames are handed to Jetty at {@link #flush()}, counted once: one callback for the whole write. */
    @Override
    public void queue(SharedFrame frame) {
        int size = frame.size();
        if (admit(size)) {
            unflushedBytes += size;
            if (unflushed == null) {
                unflushed = new ArrayList<>(4);
            }
            unflushed.add(frame);
        }
    }

    /**
     * One frame goes straight out; several go in Jetty's batch mode with the last one unbatched, so
     * they leave together in one write without a separate flush.
     */
    @Override
    public void flush() {
        int n = unflushed == null ? 0 : unflushed.size();
        if (n == 0) {
            return;
        }
        long bytes = unflushedBytes;
        unflushedBytes = 0;
        if (cutOff || !session.isOutputOpen()) {
            unflushed.clear();
            return;
        }
        for (int i = 0; i < n - 1; i++) {
            session.sendFrame(new Frame(OpCode.TEXT, unflushed.get(i).bytes()), Callback.NOOP, true);
        }
        session.sendFrame(new Frame(OpCode.TEXT, unflushed.get(n - 1).bytes()),
                Callback.from(() -> sent(bytes), this::failed), false);
        unflushed.clear();
    }

    private boolean admit(int size) {
        if (cutOff || !session.isOutputOpen()) {
            return false;
        }
        long pending = PENDING_BYTES.addAndGet(this, size);
        if (pending > maxPendingBytes) {
            cutOff(pending);
            return false;
        }
        return true;
    }

    private void sent(long size) {
        PENDING_BYTES.addAndGet(this, -size);
    }

    private void failed(Throwable failure) {
        log.debug("send to {} failed: {}", id, failure.toString());
        session.abort();
    }

    private void cutOff(long pending) {
        cutOff = true;
        log.warn("cutting off {}: {} bytes unsent, more than {}", id, pending, maxPendingBytes);
        // the close frame would wait behind everything unsent, so the socket is dropped as well
        session.close(CloseCode.SLOW_CONSUMER.code(), "slow consumer", Callback.NOOP);
        session.abort();
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason, Callback.NOOP);
    }
}
