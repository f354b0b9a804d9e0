package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.Rooms;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCommitterTest {

    /** An in-memory store whose first append waits for the test, and which records batch sizes. */
    private static final class GatedStore extends ForwardingMessageStore {
        final CountDownLatch firstAppendStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        volatile boolean failing;

        @Override
        public List<Stored> append(List<NewMessage> batch) throws StoreException {
            firstAppendStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (failing) {
                throw new StoreException("disk full", null);
            }
            batchSizes.add(batch.size());
            return super.append(batch);
        }
    }

    private static final class RecordingSink implements GroupCommitter.Sink<String> {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void stored(List<Stored> results, List<String> origins) {
            for (int i = 0; i < results.size(); i++) {
                events.add(origins.get(i) + ":" + results.get(i).message().seq());
            }
        }

        @Override
        public void failed(List<String> origins, StoreException e) {
            for (String o : origins) {
                events.add(o + ":failed");
            }
        }
    }

    @Test
    void whatQueuesDuringACommitSharesTheNextTransaction() throws Exception {
        GatedStore store = new GatedStore();
        RecordingSink sink = new RecordingSink();
        GroupCommitter<String> committer = new GroupCommitter<>(store, sink, 1000);
        committer.submit(MessageStoreContract.msg("u", "first", null), "a");
        assertTrue(store.firstAppendStarted.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 50; i++) {
            committer.submit(MessageStoreContract.msg("u", "m" + i, null), "b" + i);
        }
        store.release.countDown();
        committer.close();

        assertEquals(List.of(1, 50), store.batchSizes);
        assertEquals(51, sink.events.size());
        assertEquals("a:1", sink.events.get(0));
        assertEquals("b49:51", sink.events.get(50));
    }

    @Test
    void aFailedTransactionIsReportedForEverySenderAndTheNextOneWorks() throws Exception {
        GatedStore store = new GatedStore();
        store.failing = true;
        RecordingSink sink = new RecordingSink();
        GroupCommitter<String> committer = new GroupCommitter<>(store, sink, 1000);
        committer.submit(MessageStoreContract.msg("u", "x", null), "a");
        assertTrue(store.firstAppendStarted.await(5, TimeUnit.SECONDS));
        committer.submit(MessageStoreContract.msg("u", "y", null), "b");
        store.release.countDown();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sink.events.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        store.failing = false;
        committer.submit(MessageStoreContract.msg("u", "z", null), "c");
        committer.close();
        assertEquals(List.of("a:failed", "b:failed", "c:1"), sink.events);
    }

    @Test
    void closeCommitsWhatIsQueuedAndThenRefusesMore() throws Exception {
        InMemoryMessageStore store = new InMemoryMessageStore();
        RecordingSink sink = new RecordingSink();
        GroupCommitter<String> committer = new GroupCommitter<>(store, sink, 10);
        for (int i = 0; i < 35; i++) {
            committer.submit(MessageStoreContract.msg("u", "m" + i, null), "o" + i);
        }
        assertTrue(committer.closeWithin(5_000));
        assertEquals(35, store.lastSeq(Rooms.LOBBY));
        assertEquals(35, sink.events.size());
        assertTrue(!committer.submit(MessageStoreContract.msg("u", "late", null), "late"));
    }
}
