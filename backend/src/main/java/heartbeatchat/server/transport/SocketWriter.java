package heartbeatchat.server.transport;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;

/**
 * Writes one connection's outgoing WebSocket frames straight to its socket. Jetty's session sends
 * each frame through two flusher layers (iterating callbacks, an entry and a pooled header buffer
 * per frame); a broadcast to a room of 1,000 spent about a fifth of its time there. Here the frames
 * queued since the last write leave in one gathering write, without blocking: what the socket
 * cannot take at once is finished by the endpoint's own write flusher when the socket drains, and
 * whatever is queued meanwhile follows it in order.
 *
 * <p>Jetty's session still writes its close frames itself, so a close is asked for through
 * {@link #closeWhenWritten}: it starts only when everything queued before it has been written.
 * Thread-safe: the store's writer, selector threads and timers all send.
 */
final class SocketWriter {
    /** Told how the writes went. */
    interface Listener {
        /** Bytes handed to {@link #add} have reached the socket. */
        void written(long bytes);

        /** Writing failed; nothing more will be written. */
        void writeFailed(Throwable failure);
    }

    /** Buffers per gathering write, well under the kernel's limit of 1,024. */
    private static final int MAX_BUFFERS_PER_WRITE = 128;

    private final EndPoint endPoint;
    private final Listener listener;
    /** Buffers queued and not yet written, in order; null while there are none. Guarded by this. */
    private ArrayList<ByteBuffer> queued;
    private long queuedBytes;
    /** A write is waiting for the socket to drain; nothing else may write until it is done. */
    private boolean waiting;
    private boolean failed;
    /** Stands in for a close action that has run, so it runs once. */
    private static final Runnable CLOSE_STARTED = () -> { };

    /** Runs once everything queued is written; no frame is taken after it is set. */
    private Runnable closeAction;

    SocketWriter(EndPoint endPoint, Listener listener) {
        this.endPoint = endPoint;
        this.listener = listener;
    }

    /**
     * Queues the buffers of one frame (its header and its payload); they are written by the next
     * {@link #flush()}. False when nothing is taken any more (closing or failed).
     */
    synchronized boolean add(ByteBuffer header, ByteBuffer payload) {
        if (failed || closeAction != null) {
            return false;
        }
        if (queued == null) {
            queued = new ArrayList<>(4);
        }
        queued.add(header);
        queued.add(payload);
        queuedBytes += header.remaining() + payload.remaining();
        return true;
    }

    /** Writes what is queued, as far as the socket takes it now; the rest follows when it drains. */
    void flush() {
        ByteBuffer[] rest = null;
        long restBytes = 0;
        long written = 0;
        Runnable close = null;
        IOException failure = null;
        synchronized (this) {
            if (waiting || failed) {
                return;
            }
            try {
                while (queued != null && !queued.isEmpty()) {
                    int n = Math.min(queued.size(), MAX_BUFFERS_PER_WRITE);
                    ByteBuffer[] buffers = take(n);
                    long bytes = n == queued.size() ? queuedBytes : remaining(buffers);
                    queuedBytes -= bytes;
                    queued.subList(0, n).clear();
                    if (endPoint.flush(buffers)) {
                        written += bytes;
                    } else {
                        rest = buffers;
                        restBytes = bytes;
                        waiting = true;
                        break;
                    }
                }
            } catch (IOException e) {
                failed = true;
                failure = e;
                queued = null;
            }
            if (!waiting && !failed) {
                queued = null; // an idle connection keeps no list (tens of thousands of them)
                close = takeCloseAction();
            }
        }
        if (written > 0) {
            listener.written(written);
        }
        if (failure != null) {
            listener.writeFailed(failure);
        } else if (rest != null) {
            finishLater(rest, restBytes);
        } else if (close != null) {
            close.run();
        }
    }

    /**
     * Runs {@code close} (which starts Jetty's close handshake) once everything queued has been
     * written, at once when nothing is; frames added after this are refused.
     */
    void closeWhenWritten(Runnable close) {
        boolean now;
        synchronized (this) {
            if (closeAction != null) {
                return;
            }
            closeAction = close;
            now = !waiting && !failed && (queued == null || queued.isEmpty());
            if (now) {
                closeAction = CLOSE_STARTED;
            }
        }
        if (now) {
            close.run();
        } else {
            flush();
        }
    }

    private ByteBuffer[] take(int n) {
        ByteBuffer[] buffers = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            buffers[i] = queued.get(i);
        }
        return buffers;
    }

    private static long remaining(ByteBuffer[] buffers) {
        long bytes = 0;
        for (ByteBuffer b : buffers) {
            bytes += b.remaining();
        }
        return bytes;
    }

    /** Caller holds the lock, with nothing queued: the close to run now, if one was asked for and has not run. */
    private Runnable takeCloseAction() {
        Runnable close = closeAction;
        if (close == null || close == CLOSE_STARTED) {
            return null;
        }
        closeAction = CLOSE_STARTED;
        return close;
    }

    /** Hands the unwritten rest to the endpoint's write flusher, which finishes it when the socket drains. */
    private void finishLater(ByteBuffer[] rest, long bytes) {
        try {
            endPoint.write(new Drained(bytes), rest);
        } catch (RuntimeException e) { // WritePendingException: Jetty is writing a close frame of its own
            writeFailed(e);
        }
    }

    private void drained(long bytes) {
        synchronized (this) {
            waiting = false;
        }
        listener.written(bytes);
        flush();
    }

    private void writeFailed(Throwable failure) {
        synchronized (this) {
            if (failed) {
                return;
            }
            failed = true;
            waiting = false;
            queued = null;
        }
        listener.writeFailed(failure);
    }

    /** The end of a write the socket could not take at once; it only queues more work, so it never blocks. */
    private final class Drained implements Callback {
        private final long bytes;

        Drained(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void succeeded() {
            drained(bytes);
        }

        @Override
        public void failed(Throwable x) {
            writeFailed(x);
        }

        @Override
        public Invocable.InvocationType getInvocationType() {
            return Invocable.InvocationType.NON_BLOCKING;
        }
    }
}
