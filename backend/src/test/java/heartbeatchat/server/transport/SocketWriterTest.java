package heartbeatchat.server.transport;

import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SocketWriter} against Jetty's in-memory endpoint, whose output buffer stands for the
 * socket's send buffer: a small one takes only part of a write, as a full socket does.
 */
class SocketWriterTest {
    private final CountingListener listener = new CountingListener();
    private final AtomicLong written = listener.written;
    private final AtomicReference<Throwable> failure = listener.failure;

    private static SharedFrame frame(String text) {
        return new SharedFrame(text);
    }

    private static boolean add(SocketWriter w, SharedFrame f) {
        return w.add(f.header(), f.bytes());
    }


    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    @Test
    void queuedFramesLeaveTogetherInOrderWithTheirHeaders() {
        ByteArrayEndPoint socket = new ByteArrayEndPoint(new byte[0], 1 << 20);
        SocketWriter w = new SocketWriter(socket, listener);
        String big = "b".repeat(300); // a two-byte length
        String huge = "h".repeat(70_000); // an eight-byte length
        assertTrue(add(w, frame("one")));
        assertTrue(add(w, frame(big)));
        assertTrue(add(w, frame(huge)));
        assertEquals(0, socket.getOutput().remaining(), "nothing leaves before the flush");
        w.flush();
        byte[] wire = bytes(socket.takeOutput());
        assertEquals(List.of("one", big, huge), WireFrames.texts(wire));
        assertEquals(wire.length, written.get());
        assertNull(failure.get());
    }

    @Test
    void oneFrameSharedByManyWritersIsNeverConsumedByOne() {
        SharedFrame shared = frame("to everyone");
        List<ByteArrayEndPoint> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ByteArrayEndPoint socket = new ByteArrayEndPoint(new byte[0], 1024);
            SocketWriter w = new SocketWriter(socket, listener);
            add(w, shared);
            w.flush();
            sockets.add(socket);
        }
        for (ByteArrayEndPoint socket : sockets) {
            assertEquals(List.of("to everyone"), WireFrames.texts(bytes(socket.takeOutput())));
        }
    }

    @Test
    void whatTheSocketCannotTakeFollowsWhenItDrainsAndLaterFramesWaitBehindIt() {
        ByteArrayEndPoint socket = new ByteArrayEndPoint(new byte[0], 16); // takes 16 bytes at a time
        SocketWriter w = new SocketWriter(socket, listener);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add("message " + i);
            add(w, frame("message " + i));
        }
        w.flush();
        assertEquals(0, written.get(), "the write is not done");
        add(w, frame("later"));
        sent.add("later");
        w.flush(); // must not write while the first write waits
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int drains = 0;
        while (true) {
            ByteBuffer out = socket.takeOutput(); // the socket drains; the endpoint's flusher goes on
            if (!out.hasRemaining()) {
                break;
            }
            wire.writeBytes(bytes(out));
            drains++;
        }
        assertTrue(drains > 3, "written in pieces: " + drains);
        assertEquals(sent, WireFrames.texts(wire.toByteArray()));
        assertEquals(wire.size(), written.get());
        assertNull(failure.get());
    }

    @Test
    void aCloseWaitsForEverythingQueuedBeforeItAndRefusesWhatComesAfter() {
        ByteArrayEndPoint socket = new ByteArrayEndPoint(new byte[0], 8);
        SocketWriter w = new SocketWriter(socket, listener);
        AtomicInteger closes = new AtomicInteger();
        AtomicInteger outputAtClose = new AtomicInteger(-1);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        add(w, frame("before the close"));
        w.flush();
        w.closeWhenWritten(() -> {
            closes.incrementAndGet();
            outputAtClose.set((int) written.get());
        });
        assertEquals(0, closes.get(), "the frame is still being written");
        assertFalse(add(w, frame("after the close")));
        while (true) {
            ByteBuffer out = socket.takeOutput();
            if (!out.hasRemaining()) {
                break;
            }
            wire.writeBytes(bytes(out));
        }
        assertEquals(1, closes.get());
        assertEquals(List.of("before the close"), WireFrames.texts(wire.toByteArray()));
        assertEquals(wire.size(), outputAtClose.get(), "the close came after the last byte was written");
        w.closeWhenWritten(closes::incrementAndGet);
        assertEquals(1, closes.get(), "a close runs once");
    }

    @Test
    void aCloseWithNothingQueuedRunsAtOnce() {
        SocketWriter w = new SocketWriter(new ByteArrayEndPoint(new byte[0], 64), listener);
        AtomicInteger closes = new AtomicInteger();
        w.closeWhenWritten(closes::incrementAndGet);
        assertEquals(1, closes.get());
    }

    @Test
    void aBrokenSocketIsReportedOnceAndTakesNothingMore() {
        ByteArrayEndPoint socket = new ByteArrayEndPoint(new byte[0], 64);
        SocketWriter w = new SocketWriter(socket, listener);
        socket.close();
        add(w, frame("lost"));
        w.flush();
        assertInstanceOf(Exception.class, failure.get());
        assertFalse(add(w, frame("refused")));
        assertEquals(0, written.get());
    }

    /** Jetty's close frame (code 1002) as its session writes it: header and payload in separate buffers. */
    static ByteBuffer[] jettysClose() {
        return new ByteBuffer[] {ByteBuffer.wrap(new byte[] {(byte) 0x88, 2}), ByteBuffer.wrap(new byte[] {0x03, (byte) 0xEA})};
    }

    private static byte[] drain(ByteArrayEndPoint socket) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        while (true) {
            ByteBuffer out = socket.takeOutput();
            if (!out.hasRemaining()) {
                return wire.toByteArray();
            }
            wire.writeBytes(bytes(out));
        }
    }

    @Test
    void jettysCloseFrameWaitsBehindOursMidWriteAndNothingOfOursFollowsIt() {
        RoutedByteArrayEndPoint socket = new RoutedByteArrayEndPoint(16); // takes 16 bytes at a time: our write is unfinished
        SocketWriter w = new SocketWriter(socket, listener);
        for (int i = 0; i < 3; i++) {
            add(w, frame("broadcast " + i + " " + "x".repeat(40)));
        }
        w.flush();
        AtomicInteger jettyDone = new AtomicInteger();
        socket.write(Callback.from(jettyDone::incrementAndGet, x -> failure.set(x)), jettysClose()); // Jetty's session writing
        assertEquals(0, jettyDone.get(), "Jetty's frame waits behind ours");
        assertFalse(add(w, frame("after the close")), "nothing of ours is taken after a close frame");
        byte[] wire = drain(socket);
        assertEquals(1, jettyDone.get(), "Jetty is told once its frame is written");
        int closeAt = wire.length - 4;
        assertEquals(List.of("broadcast 0 " + "x".repeat(40), "broadcast 1 " + "x".repeat(40), "broadcast 2 " + "x".repeat(40)),
                WireFrames.texts(java.util.Arrays.copyOf(wire, closeAt)));
        assertEquals(List.of(0x88, 2, 0x03, 0xEA), List.of(wire[closeAt] & 0xFF, wire[closeAt + 1] & 0xFF,
                wire[closeAt + 2] & 0xFF, wire[closeAt + 3] & 0xFF), "the close frame whole, last");
        assertEquals(closeAt, written.get(), "the listener counts only our bytes");
        assertNull(failure.get());
    }

    @Test
    void beforeTheWriterExistsJettyWritesAsUsual() {
        RoutedByteArrayEndPoint socket = new RoutedByteArrayEndPoint(64);
        AtomicInteger done = new AtomicInteger();
        socket.write(Callback.from(done::incrementAndGet, x -> failure.set(x)),
                ByteBuffer.wrap("HTTP/1.1 101 \r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(1, done.get());
        assertEquals("HTTP/1.1 101 \r\n\r\n", new String(drain(socket), StandardCharsets.US_ASCII));
    }

    @Test
    void aBrokenSocketFailsJettysWriteToo() {
        RoutedByteArrayEndPoint socket = new RoutedByteArrayEndPoint(64);
        SocketWriter w = new SocketWriter(socket, listener);
        socket.close();
        AtomicReference<Throwable> jettyFailure = new AtomicReference<>();
        socket.write(Callback.from(() -> { }, jettyFailure::set), jettysClose());
        assertInstanceOf(Exception.class, jettyFailure.get());
        assertInstanceOf(Exception.class, failure.get());
        assertFalse(add(w, frame("refused")));
    }
}
