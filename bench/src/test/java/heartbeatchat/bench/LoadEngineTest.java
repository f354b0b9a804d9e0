package heartbeatchat.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load generator's client side of RFC 6455 against a hand-written server that cuts its bytes
 * at awkward places: frames split inside the header and the payload, a handshake followed by a
 * frame in the same bytes, a fragmented message with a ping between its fragments, a close.
 */
class LoadEngineTest {
    private static final String RESPONSE = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n";

    @Test
    void deliversWholeMessagesWhereverTheBytesAreCut() throws Exception {
        String big = "b".repeat(20_000);
        String huge = "h".repeat(70_000);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(RESPONSE.getBytes(StandardCharsets.US_ASCII));
        stream.writeBytes(frame(0x81, "first"));
        stream.writeBytes(frame(0x81, big));
        stream.writeBytes(frame(0x01, "frag-")); // text, not final
        stream.writeBytes(frame(0x89, "hb")); // ping between the fragments
        stream.writeBytes(frame(0x80, "ment")); // continuation, final
        stream.writeBytes(frame(0x81, huge));
        stream.writeBytes(frame(0x81, "last"));
        stream.writeBytes(new byte[]{(byte) 0x88, 2, 0x0F, (byte) 0xA0}); // close 4000
        byte[] bytes = stream.toByteArray();
        // cuts inside: the first header, the big frame's header and payload, the 8-byte length, the huge payload, the close
        int[] cuts = {RESPONSE.length() + 1, RESPONSE.length() + 9, RESPONSE.length() + 5_000, bytes.length - 70_015,
                bytes.length - 70_006, bytes.length - 3};

        Recording handler = new Recording();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             LoadEngine engine = new LoadEngine()) {
            engine.execute(() -> engine.connect(InetAddress.getLoopbackAddress(),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), "/ws", handler));
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                readRequestHead(s.getInputStream());
                OutputStream out = s.getOutputStream();
                int from = 0;
                for (int cut : cuts) {
                    out.write(bytes, from, cut - from);
                    out.flush();
                    Thread.sleep(20); // lets the engine read each piece on its own; nothing is asserted on timing
                    from = cut;
                }
                out.write(bytes, from, bytes.length - from);
                out.flush();
                assertEquals(4000, handler.closed.get(10, TimeUnit.SECONDS));
                byte[] pong = s.getInputStream().readNBytes(8);
                assertEquals(0x8A, pong[0] & 0xFF, "a pong answers the ping");
                assertEquals(0x80 | 2, pong[1] & 0xFF, "masked, two bytes");
                assertArrayEquals("hb".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(pong, 6, 8),
                        "the ping's payload, with a zero mask");
            }
        }
        List<String> expected = List.of("first", big, "frag-ment", huge, "last");
        assertEquals(summary(expected), summary(handler.texts));
        assertTrue(expected.equals(handler.texts), "same lengths and starts, other contents");
        assertEquals(1, handler.opens);
    }

    /** Length and start of each message, so a failure prints something readable. */
    private static List<String> summary(List<String> texts) {
        return texts.stream().map(t -> t.length() + ":" + t.substring(0, Math.min(9, t.length()))).toList();
    }

    private static byte[] frame(int b0, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int n = payload.length;
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(b0);
        if (n <= 125) {
            f.write(n);
        } else if (n <= 0xFFFF) {
            f.write(126);
            f.write(n >>> 8);
            f.write(n & 0xFF);
        } else {
            f.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) n >>> shift) & 0xFF);
            }
        }
        f.writeBytes(payload);
        return f.toByteArray();
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request head cut short");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    /** Records what the engine reports; its callbacks run on the engine thread. */
    private static final class Recording implements LoadEngine.Handler {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile int opens;

        @Override
        public void onOpen(LoadEngine.Conn c) {
            opens++;
        }

        @Override
        public void onText(LoadEngine.Conn c, byte[] frame, int offset, int length, long receivedAt) {
            texts.add(new String(frame, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void onClosed(LoadEngine.Conn c, int code) {
            closed.complete(code);
        }
    }
}
