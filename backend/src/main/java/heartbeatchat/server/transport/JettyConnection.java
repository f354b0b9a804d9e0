package heartbeatchat.server.transport;

import heartbeatchat.shared.protocol.CloseCode;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * A {@link Connection} over a Jetty core WebSocket session whose frames a {@link SocketWriter}
 * writes straight to the socket. Sends never block. Queued frames leave together in one gathering
 * write at {@link #flush()}, and their bytes are shared, not copied. The bytes queued and not yet
 * written are counted; a connection that lets more than the bound pile up is cut off as a slow
 * consumer (4003), so it cannot hold the server's memory. It catches up by resuming when it comes back.
 */
final class JettyConnection implements Connection, SocketWriter.Listener {
    private static final Logger log = LoggerFactory.getLogger(JettyConnection.class);
    private static final AtomicLongFieldUpdater<JettyConnection> PENDING_BYTES =
            AtomicLongFieldUpdater.newUpdater(JettyConnection.class, "pendingBytes");
    /** First byte of a final ping frame. */
    private static final int PING = 0x89;
    /** First byte of a final pong frame. */
    private static final int PONG = 0x8A;

    private final String id;
    private final CoreSession session;
    private final SocketWriter writer;
    private final long maxPendingBytes;
    /** Bytes queued and not yet written; a field, not an AtomicLong, to keep connections small. */
    private volatile long pendingBytes;
    private volatile boolean cutOff;

    JettyConnection(String id, CoreSession session, EndPoint endPoint, long maxPendingBytes) {
        this.id = id;
        this.session = session;
        this.writer = new SocketWriter(endPoint, this);
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
        queue(frame);
        writer.flush();
    }

    @Override
    public void queue(SharedFrame frame) {
        add(frame.header(), frame.bytes());
    }

    /** The run's bytes as one buffer: one view, one count, one entry in the next write. */
    @Override
    public void queue(FrameRun run) {
        add(run.wire(), null);
    }

    @Override
    public void flush() {
        writer.flush();
    }

    @Override
    public void ping() {
        add(SharedFrame.header(PING, 0), ByteBuffer.allocate(0));
        writer.flush();
    }

    /** Answers a protocol ping with its payload (at most 125 bytes, copied: the caller's buffer is reused). */
    void pong(ByteBuffer payload) {
        ByteBuffer copy = payload == null ? ByteBuffer.allocate(0)
                : ByteBuffer.allocate(payload.remaining()).put(payload.slice()).flip();
        add(SharedFrame.header(PONG, copy.remaining()), copy);
        writer.flush();
    }

    /** Queues a frame's header and payload, or (payload null) whole frames already laid out. */
    private void add(ByteBuffer header, ByteBuffer payload) {
        if (cutOff || !session.isOutputOpen()) {
            return;
        }
        int size = header.remaining() + (payload == null ? 0 : payload.remaining());
        long pending = PENDING_BYTES.addAndGet(this, size);
        if (pending > maxPendingBytes) {
            cutOff(pending);
        } else if (!writer.add(header, payload)) {
            PENDING_BYTES.addAndGet(this, -size);
        }
    }

    @Override
    public void written(long bytes) {
        PENDING_BYTES.addAndGet(this, -bytes);
    }

    @Override
    public void writeFailed(Throwable failure) {
        log.debug("send to {} failed: {}", id, failure.toString());
        session.abort();
    }

    /** Whether this connection was cut off as a slow consumer (4003). */
    boolean wasCutOff() {
        return cutOff;
    }

    private void cutOff(long pending) {
        cutOff = true;
        log.warn("cutting off {}: {} bytes unsent, more than {}", id, pending, maxPendingBytes);
        // the close frame would wait behind everything unsent, so the socket is dropped as well
        session.close(CloseCode.SLOW_CONSUMER.code(), "slow consumer", Callback.NOOP);
        session.abort();
    }

    /** The close frame follows everything sent before it. */
    @Override
    public void close(int code, String reason) {
        writer.closeWhenWritten(() -> session.close(code, reason, Callback.NOOP));
    }
}
