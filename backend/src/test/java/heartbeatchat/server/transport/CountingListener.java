package heartbeatchat.server.transport;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What a {@link SocketWriter} reports: the bytes written, and a failure. */
final class CountingListener implements SocketWriter.Listener {
    final AtomicLong written = new AtomicLong();
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Override
    public void written(long bytes) {
        written.addAndGet(bytes);
    }

    @Override
    public void writeFailed(Throwable f) {
        failure.set(f);
    }
}
