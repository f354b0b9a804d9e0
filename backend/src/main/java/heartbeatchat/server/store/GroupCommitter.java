package heartbeatchat.server.store;

import heartbeatchat.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One writer thread in front of a {@link MessageStore}: whatever has queued up while the last
 * transaction ran goes into the next one, so under load many messages share one commit (and one
 * fsync), and when idle a message is committed at once. Results are handed to the {@link Sink} on
 * the writer thread, in store order.
 *
 * @param <T> what the caller wants back with each result (its sender)
 */
public final class GroupCommitter<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    /** Where results go; called on the writer thread only. */
    public interface Sink<T> {
        void stored(List<Stored> results, List<T> origins);

        void failed(List<T> origins, StoreException e);
    }

    private record Pending<T>(NewMessage message, T origin) {
    }

    private final MessageStore store;
    private final Sink<T> sink;
    private final int maxBatch;
    private final Metrics metrics;
    private final LinkedBlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;
    private long batches;
    private long messages;

    public GroupCommitter(MessageStore store, Sink<T> sink, int maxBatch) {
        this(store, sink, maxBatch, Metrics.NONE);
    }

    /** @param metrics told of every committed batch, with its time */
    public GroupCommitter(MessageStore store, Sink<T> sink, int maxBatch, Metrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.sink = sink;
        this.maxBatch = maxBatch;
        this.writer = new Thread(this::run, "store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues a message; returns false when the committer is closing and took nothing. */
    public boolean submit(NewMessage message, T origin) {
        if (closing) {
            return false;
        }
        queue.add(new Pending<>(message, origin));
        return true;
    }

    private void run() {
        List<Pending<T>> batch = new ArrayList<>();
        while (true) {
            try {
                Pending<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("the store writer hit a bug; the batch is reported as failed", e);
                sink.failed(origins(batch), new StoreException("internal error", e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending<T>> batch) {
        List<NewMessage> newMessages = new ArrayList<>(batch.size());
        for (Pending<T> p : batch) {
            newMessages.add(p.message());
        }
        List<Stored> results;
        long start = System.nanoTime();
        try {
            results = store.append(newMessages);
        } catch (StoreException e) {
            log.warn("store unavailable, {} messages refused: {}", batch.size(), e.getMessage());
            sink.failed(origins(batch), e);
            return;
        }
        batches++;
        messages += batch.size();
        int fresh = 0;
        for (Stored s : results) {
            fresh += s.duplicate() ? 0 : 1;
        }
        metrics.stored(fresh, System.nanoTime() - start);
        sink.stored(results, origins(batch));
    }

    private static <T> List<T> origins(List<Pending<T>> batch) {
        List<T> out = new ArrayList<>(batch.size());
        for (Pending<T> p : batch) {
            out.add(p.origin());
        }
        return out;
    }

    /** Stops taking messages, commits what is queued, and waits for the writer, at most the timeout. */
    @Override
    public void close() {
        closeWithin(5_000);
    }

    public boolean closeWithin(long timeoutMillis) {
        closing = true;
        try {
            writer.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn("the store writer did not finish within {} ms; {} messages left", timeoutMillis, queue.size());
            return false;
        }
        log.info("store writer stopped after {} messages in {} transactions", messages, batches);
        return true;
    }
}
