package heartbeatchat.server.transport;

import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SocketWriter} from several threads at once (as the chat's threads queue and flush on one
 * connection while the socket drains), against Jetty's in-memory endpoint taking a few bytes at a
 * time: every frame arrives whole, each thread's in the order it queued them, nothing twice, a
 * close runs only after every byte queued before it, and a close frame Jetty writes from its own
 * thread goes out whole after ours with nothing after it. Many rounds, each with other interleavings.
 */
class SocketWriterConcurrencyTest {
    private static final int ROUNDS = 40;
    private static final int THREADS = 4;
    private static final int FRAMES = 400;

    /** Frames of all three header sizes, by thread and number. */
    private static String text(int thread, int n) {
        String tag = "t" + thread + "-" + n + ";";
        return n % 97 == 0 ? tag + "x".repeat(70_000) : n % 7 == 0 ? tag + "y".repeat(300) : tag;
    }

    /** Takes what the socket holds until {@code expected} bytes came or the time is up. */
    private static void drainUntil(ByteArrayEndPoint socket, ByteArrayOutputStream wire, long expected, long deadlineNanos) {
        while (wire.size() < expected && System.nanoTime() < deadlineNanos) {
            ByteBuffer out = socket.takeOutput();
            byte[] b = new byte[out.remaining()];
            out.get(b);
            wire.writeBytes(b);
            if (b.length == 0) {
                Thread.onSpinWait();
            }
        }
    }


    @Test
    void framesQueuedAndFlushedFromSeveralThreadsArriveWholeAndInEachThreadsOrder() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            ByteArrayEndPoint socket = new ByteArrayEndPoint(new byte[0], 24 + round % 40); // a few bytes at a time
            CountingListener listener = new CountingListener();
            SocketWriter w = new SocketWriter(socket, listener);
            AtomicLong queuedBytes = new AtomicLong();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread producer = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int n = 0; n < FRAMES; n++) {
                        SharedFrame f = new SharedFrame(text(thread, n));
                        synchronized (queuedBytes) { // one frame's two buffers go in together, as the chat's lock makes them
                            assertTrue(w.add(f.header(), f.bytes()));
                            queuedBytes.addAndGet(f.header().remaining() + f.bytes().remaining());
                        }
                        if (n % (thread + 1) == 0) {
                            w.flush();
                        }
                    }
                    w.flush();
                });
                threads.add(producer);
                producer.start();
            }
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            start.countDown();
            long deadline = System.nanoTime() + 30_000_000_000L;
            for (Thread producer : threads) {
                while (producer.isAlive()) {
                    assertTrue(System.nanoTime() < deadline, "the producers finished, round " + round);
                    drainUntil(socket, wire, Long.MAX_VALUE, System.nanoTime() + 1_000_000);
                }
            }
            w.flush();
            drainUntil(socket, wire, queuedBytes.get(), System.nanoTime() + 10_000_000_000L);

            List<String> texts = WireFrames.texts(wire.toByteArray());
            assertEquals(THREADS * FRAMES, texts.size(), "every frame once, round " + round);
            int[] next = new int[THREADS];
            for (String text : texts) {
                int thread = text.charAt(1) - '0';
                int n = Integer.parseInt(text.substring(text.indexOf('-') + 1, text.indexOf(';')));
                assertEquals(next[thread], n, "thread " + thread + "'s frames in order, round " + round);
                assertEquals(text(thread, n), text, "whole");
                next[thread]++;
            }
            assertEquals(queuedBytes.get(), wire.size());
            assertEquals(wire.size(), listener.written.get(), "every byte reported written once");
            assertNull(listener.failure.get());
        }
    }

    @Test
    void aCloseFromAnotherThreadRunsAfterEveryByteQueuedBeforeItAndNothingFollowsIt() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            ByteArrayEndPoint socket = new ByteArrayEndPoint(new byte[0], 16 + round % 32);
            CountingListener listener = new CountingListener();
            SocketWriter w = new SocketWriter(socket, listener);
            AtomicLong accepted = new AtomicLong();
            AtomicLong writtenAtClose = new AtomicLong(-1);
            AtomicLong acceptedAtClose = new AtomicLong(-1);
            Thread producer = new Thread(() -> {
                for (int n = 0; n < FRAMES; n++) {
                    SharedFrame f = new SharedFrame(text(0, n));
                    synchronized (accepted) {
                        if (w.add(f.header(), f.bytes())) {
                            accepted.addAndGet(f.header().remaining() + f.bytes().remaining());
                        }
                    }
                    w.flush();
                }
            });
            producer.start();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            drainUntil(socket, wire, 200 + round * 50L, System.nanoTime() + 5_000_000_000L);
            synchronized (accepted) { // nothing is added while the close is asked for
                acceptedAtClose.set(accepted.get());
                w.closeWhenWritten(() -> writtenAtClose.set(listener.written.get()));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (producer.isAlive() || writtenAtClose.get() < 0) {
                assertTrue(System.nanoTime() < deadline, "the close ran, round " + round);
                drainUntil(socket, wire, Long.MAX_VALUE, System.nanoTime() + 1_000_000);
            }
            drainUntil(socket, wire, accepted.get(), deadline); // what the endpoint holds still
            assertEquals(acceptedAtClose.get(), accepted.get(), "nothing taken after the close was asked for");
            assertEquals(accepted.get(), writtenAtClose.get(), "the close ran after every byte queued before it, round " + round);
            List<String> texts = WireFrames.texts(wire.toByteArray());
            for (int n = 0; n < texts.size(); n++) {
                assertEquals(text(0, n), texts.get(n));
            }
            assertEquals(accepted.get(), wire.size());
        }
    }

    /**
     * Jetty's close frame written from a thread of its own (its session answering a client's close)
     * while two threads queue and flush: it goes out whole after every frame taken before it,
     * nothing of ours follows it, and Jetty is told once, when its last byte is written.
     */
    @Test
    void jettysCloseFromItsOwnThreadComesWholeAfterOursAndNothingOfOursFollows() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            RoutedByteArrayEndPoint socket = new RoutedByteArrayEndPoint(16 + round % 32);
            CountingListener listener = new CountingListener();
            SocketWriter w = new SocketWriter(socket, listener);
            AtomicLong accepted = new AtomicLong();
            AtomicLong jettyTold = new AtomicLong();
            AtomicLong writtenWhenTold = new AtomicLong(-1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int thread = t;
                Thread producer = new Thread(() -> {
                    for (int n = 0; n < FRAMES; n++) {
                        SharedFrame f = new SharedFrame(text(thread, n));
                        synchronized (accepted) {
                            if (w.add(f.header(), f.bytes())) {
                                accepted.addAndGet(f.header().remaining() + f.bytes().remaining());
                            }
                        }
                        w.flush();
                    }
                });
                threads.add(producer);
                producer.start();
            }
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            drainUntil(socket, wire, 200 + round * 50L, System.nanoTime() + 5_000_000_000L);
            Thread jetty = new Thread(() -> socket.write(Callback.from(() -> {
                jettyTold.incrementAndGet();
                writtenWhenTold.set(listener.written.get());
            }, listener.failure::set), SocketWriterTest.jettysClose()));
            jetty.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (jetty.isAlive() || threads.stream().anyMatch(Thread::isAlive) || jettyTold.get() == 0) {
                assertTrue(System.nanoTime() < deadline, "Jetty's write was done, round " + round);
                drainUntil(socket, wire, Long.MAX_VALUE, System.nanoTime() + 1_000_000);
            }
            drainUntil(socket, wire, accepted.get() + 4, deadline);
            byte[] bytes = wire.toByteArray();
            assertEquals(accepted.get() + 4, bytes.length, "our frames and Jetty's close, nothing else, round " + round);
            int close = bytes.length - 4;
            assertEquals(List.of(0x88, 2, 0x03, 0xEA), List.of(bytes[close] & 0xFF, bytes[close + 1] & 0xFF,
                    bytes[close + 2] & 0xFF, bytes[close + 3] & 0xFF), "Jetty's close whole and last, round " + round);
            int[] next = new int[2];
            for (String text : WireFrames.texts(java.util.Arrays.copyOf(bytes, close))) {
                int thread = text.charAt(1) - '0';
                int n = Integer.parseInt(text.substring(text.indexOf('-') + 1, text.indexOf(';')));
                assertEquals(next[thread]++, n, "thread " + thread + "'s frames in order, round " + round);
                assertEquals(text(thread, n), text, "whole");
            }
            assertEquals(1, jettyTold.get());
            assertEquals(accepted.get(), writtenWhenTold.get(), "Jetty was told after every byte before its frame");
            assertNull(listener.failure.get());
        }
    }
}
