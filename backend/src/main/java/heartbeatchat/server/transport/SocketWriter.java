package heartbeatchat.server.transport;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one connection's outgoing WebSocket frames straight to its socket. Jetty's session sends
 * each frame through two flusher layers (iterating callbacks, an entry and a pooled header buffer
 * per frame); a broadcast to a room of 1,000 spent about a fifth of its time there. Here the frames
 * queued since the last write leave in one gathering write, without blocking: what the socket
 * cannot take at once is finished by the endpoint's own write flusher when the socket drains, and
 * whatever is queued meanwhile follows it in order.
 *
 * <p>Jetty's session still writes frames of its own: the close answering a client's close, and the
 * close on a protocol error. On a {@link RoutedEndPoint} (every plain connection) those writes come
 * here too ({@link #addFromJetty}) and are queued behind ours, so each connection's bytes leave
 * through this one writer, frame after whole frame, and nothing of ours is taken after a close frame
 * (JettyOwnFramesStressIT found our frames after Jetty's close when they were written side by side).
 * A close of ours is asked for through {@link #closeWhenWritten}: it starts only when everything
 * queued before it has been written. Thread-safe: the store's writer, selector threads and timers all send.
 */
final class SocketWriter {
    /** Told how the writes went. */
    interface Listener {
        /** Bytes handed to {@link #add} have reached the socket (Jetty's own are not counted). */
        void written(long bytes);

        /** Writing failed; nothing more will be written. */
        void writeFailed(Throwable failure);
    }

    /** Where the bytes go: the socket itself, past any routing of Jetty's writes. */
    record Sink(Flush now, Write later) {
        /** Writes what the socket takes now; true when it took everything. */
        interface Flush {
            boolean flush(ByteBuffer[] buffers) throws IOException;
        }

        /** Writes the rest when the socket drains, then tells the callback. */
        interface Write {
            void write(Callback callback, ByteBuffer[] buffers);
        }
    }

    /** Buffers per gathering write, well under the kernel's limit of 1,024. */
    private static final int MAX_BUFFERS_PER_WRITE = 128;

    private final Sink sink;
    private final Listener listener;
    /** Jetty's writes not yet done, in order; null while there are none. Guarded by this. */
    private ArrayDeque<JettyWrite> jettyWrites;
    /** Bytes of Jetty's written or queued and not yet subtracted from what the listener is told. */
    private long jettyBytesUntold;
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

    /**
     * A write of Jetty's. Buffers leave in order, so it is done, and everything queued before it,
     * once its own buffers are consumed (Jetty's frames are never empty: a header at least).
     */
    private record JettyWrite(ByteBuffer[] buffers, Callback callback) {
        boolean written() {
            for (ByteBuffer b : buffers) {
                if (b.hasRemaining()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Writes to {@code endPoint}; when it is a {@link RoutedEndPoint}, Jetty's own writes on it come here too. */
    SocketWriter(EndPoint endPoint, Listener listener) {
        this.listener = listener;
        if (endPoint instanceof RoutedEndPoint routed) {
            this.sink = routed.routing().direct();
            routed.routing().to(this);
        } else {
            this.sink = new Sink(endPoint::flush, endPoint::write);
        }
    }

    /**
     * Queues the buffers of one frame (its header and its payload), or whole frames in one buffer
     * ({@code payload} null); they are written by the next {@link #flush()}. False when nothing is
     * taken any more (closing or failed).
     */
    synchronized boolean add(ByteBuffer header, ByteBuffer payload) {
        if (failed || closeAction != null) {
            return false;
        }
        if (queued == null) {
            queued = new ArrayList<>(4);
        }
        queued.add(header);
        int bytes = header.remaining();
        if (payload != null) {
            queued.add(payload);
            bytes += payload.remaining();
        }
        queuedBytes += bytes;
        return true;
    }

    /**
     * A frame Jetty's session writes (a close frame): queued behind everything of ours and written by
     * this writer, the callback told when its last byte is written. Once a close frame is queued,
     * nothing more of ours is taken.
     */
    void addFromJetty(Callback callback, ByteBuffer... buffers) {
        Throwable refused = null;
        synchronized (this) {
            if (failed) {
                refused = new IOException("the connection's writes failed");
            } else {
                if (queued == null) {
                    queued = new ArrayList<>(4);
                }
                long bytes = 0;
                for (ByteBuffer b : buffers) {
                    queued.add(b);
                    bytes += b.remaining();
                }
                queuedBytes += bytes;
                jettyBytesUntold += bytes;
                if (jettyWrites == null) {
                    jettyWrites = new ArrayDeque<>(2);
                }
                jettyWrites.add(new JettyWrite(buffers, callback));
                if (isCloseFrame(buffers) && closeAction == null) {
                    closeAction = CLOSE_STARTED; // nothing of ours after a close frame
                }
            }
        }
        if (refused != null) {
            callback.failed(refused);
        } else {
            flush();
        }
    }

    private static boolean isCloseFrame(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return (b.get(b.position()) & 0x0F) == 0x8;
            }
        }
        return false;
    }

    /** Writes what is queued, as far as the socket takes it now; the rest follows when it drains. */
    void flush() {
        ByteBuffer[] rest = null;
        long restBytes = 0;
        long written = 0;
        Runnable close = null;
        IOException failure = null;
        List<Callback> done = null;
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
                    if (sink.now().flush(buffers)) {
                        written += bytes;
                    } else {
                        rest = buffers;
                        restBytes = bytes;
                        waiting = true;
                        break;
                    }
                }
            } catch (IOException e) {
                failure = e;
            }
            if (!waiting && failure == null) {
                queued = null; // an idle connection keeps no list (tens of thousands of them)
                close = takeCloseAction();
            }
            done = jettyWritesDone();
            written = ours(written);
        }
        if (written > 0) {
            listener.written(written);
        }
        complete(done); // Jetty hears of its frame after ours are counted
        if (failure != null) {
            writeFailed(failure);
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

    /** Caller holds the lock, and no write is under way: the callbacks of Jetty's writes now done. */
    private List<Callback> jettyWritesDone() {
        List<Callback> done = null;
        while (jettyWrites != null && !jettyWrites.isEmpty() && jettyWrites.peek().written()) {
            if (done == null) {
                done = new ArrayList<>(1);
            }
            done.add(jettyWrites.poll().callback());
        }
        return done;
    }

    /** Caller holds the lock: of {@code bytes} written, those that were ours (the listener counts only ours). */
    private long ours(long bytes) {
        long jetty = Math.min(bytes, jettyBytesUntold);
        jettyBytesUntold -= jetty;
        return bytes - jetty;
    }

    private static void complete(List<Callback> done) {
        if (done != null) {
            done.forEach(Callback::succeeded);
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
            sink.later().write(new Drained(bytes), rest);
        } catch (RuntimeException e) { // WritePendingException: on an endpoint not routed here, Jetty is writing a close frame
            writeFailed(e);
        }
    }

    private void drained(long bytes) {
        List<Callback> done;
        long ours;
        synchronized (this) {
            waiting = false;
            done = jettyWritesDone();
            ours = ours(bytes);
        }
        if (ours > 0) {
            listener.written(ours);
        }
        complete(done);
        flush();
    }

    private void writeFailed(Throwable failure) {
        ArrayDeque<JettyWrite> unfinished;
        synchronized (this) {
            if (failed) {
                return;
            }
            failed = true;
            waiting = false;
            queued = null;
            unfinished = jettyWrites;
            jettyWrites = null;
        }
        if (unfinished != null) {
            unfinished.forEach(w -> w.callback().failed(failure));
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
