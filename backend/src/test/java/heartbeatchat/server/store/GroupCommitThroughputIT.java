package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.server.it.ServerProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How many messages per second reach the SQLite file durably, through the group commit, against a
 * reference measured in the same run: one transaction per message (what the committer does when
 * nothing else is queued). Prints the figures and their ratio; asserts only that everything was
 * stored, since timings belong to the benchmark, not to pass/fail.
 */
class GroupCommitThroughputIT {
    private static final int MESSAGES = 5_000;

    @Test
    void groupCommitAgainstOneTransactionPerMessage() throws Exception {
        double grouped = messagesPerSecond(Batching.GROUPED);
        double single = messagesPerSecond(Batching.ONE_PER_TRANSACTION);
        System.out.printf("group commit: %.0f stored messages/s; one transaction per message: %.0f/s; ratio %.1fx"
                + " (%d messages each, SQLite WAL, synchronous=FULL)%n", grouped, single, grouped / single, MESSAGES);
        assertTrue(grouped > 0 && single > 0);
    }

    private enum Batching {
        GROUPED(1_000), ONE_PER_TRANSACTION(1);
        final int maxBatch;

        Batching(int maxBatch) {
            this.maxBatch = maxBatch;
        }
    }

    private static double messagesPerSecond(Batching mode) throws Exception {
        Path dir = ServerProcess.newDataDir();
        try (SqliteMessageStore store = SqliteMessageStore.open(dir, 1_000)) {
            AtomicInteger stored = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(MESSAGES);
            GroupCommitter<Integer> committer = new GroupCommitter<>(store, new GroupCommitter.Sink<>() {
                @Override
                public void stored(java.util.List<Stored> results, java.util.List<Integer> origins) {
                    stored.addAndGet(results.size());
                    results.forEach(r -> done.countDown());
                }

                @Override
                public void failed(java.util.List<Integer> origins, StoreException e) {
                    throw new AssertionError(e);
                }
            }, mode.maxBatch);
            long start = System.nanoTime();
            for (int i = 0; i < MESSAGES; i++) {
                committer.submit(new NewMessage(Rooms.LOBBY, System.currentTimeMillis(), "u" + (i % 50), "name", "🐼",
                        "message number " + i + " with some text in it", "c" + i), i);
            }
            assertTrue(done.await(120, TimeUnit.SECONDS), mode + " did not finish");
            double seconds = (System.nanoTime() - start) / 1e9;
            committer.close();
            assertEquals(MESSAGES, stored.get());
            assertEquals(MESSAGES, store.lastSeq(Rooms.LOBBY));
            return MESSAGES / seconds;
        }
    }
}
