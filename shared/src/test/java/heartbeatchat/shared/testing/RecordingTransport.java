package heartbeatchat.shared.testing;

import heartbeatchat.shared.connection.Transport;
import heartbeatchat.shared.connection.TransportListener;
import heartbeatchat.shared.connection.TransportSocket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transport whose sockets record what the code under test did to them, and which lets the test
 * play the network: open, deliver a frame, close, fail.
 */
public final class RecordingTransport implements Transport {
    private final List<FakeSocket> sockets = new ArrayList<>();

    @Override
    public TransportSocket connect(TransportListener listener) {
        FakeSocket s = new FakeSocket(sockets.size() + 1, listener);
        sockets.add(s);
        return s;
    }

    public int connectCount() {
        return sockets.size();
    }

    /** The socket opened most recently. */
    public FakeSocket last() {
        assertTrue(!sockets.isEmpty(), "no socket was opened");
        return sockets.get(sockets.size() - 1);
    }

    public FakeSocket socket(int number) {
        return sockets.get(number - 1);
    }

    public static final class FakeSocket implements TransportSocket {
        public final int number;
        private final TransportListener listener;
        private final Deque<String> sent = new ArrayDeque<>();
        private Integer closedWith;
        private String closeReason;

        FakeSocket(int number, TransportListener listener) {
            this.number = number;
            this.listener = listener;
        }

        @Override
        public void send(String text) {
            if (closedWith != null) {
                throw new AssertionError("send on socket " + number + " after close: " + text);
            }
            sent.add(text);
        }

        @Override
        public void close(int code, String reason) {
            if (closedWith == null) {
                closedWith = code;
                closeReason = reason;
            }
        }

        // the network's side
        public void open() {
            listener.onOpen();
        }

        public void receive(String text) {
            listener.onMessage(text);
        }

        public void closeFromServer(int code, String reason) {
            listener.onClose(code, reason);
        }

        public void error() {
            listener.onError();
        }

        // what the code under test did
        public String nextSent() {
            String s = sent.poll();
            assertNotNull(s, "socket " + number + " sent nothing more");
            return s;
        }

        public void assertNextSent(String expected) {
            assertEquals(expected, nextSent());
        }

        public void assertNothingSent() {
            assertTrue(sent.isEmpty(), "socket " + number + " also sent " + sent);
        }

        public boolean isClosed() {
            return closedWith != null;
        }

        public Integer closedWith() {
            return closedWith;
        }

        public String closeReason() {
            return closeReason;
        }
    }
}
