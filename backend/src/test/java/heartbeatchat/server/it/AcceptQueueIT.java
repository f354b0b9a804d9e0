package heartbeatchat.server.it;

import heartbeatchat.shared.protocol.Wire;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A burst of connects while the server cannot accept them (a reconnect storm against a busy or
 * just-started server) waits in the kernel's accept queue instead of being dropped: a dropped SYN is
 * only retried by the client's TCP a second later, then three seconds later. The default queue of
 * 4096 (capped by {@code net.core.somaxconn}, 4096 here) holds this burst of 2,000; 1024 did not.
 */
class AcceptQueueIT {
    private static final int BURST = 2_000;

    @Test
    void aBurstOfConnectsWaitsInTheAcceptQueueOfAFrozenServer() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(0)) {
            server.pause();
            try {
                for (int i = 0; i < BURST; i++) {
                    Socket s = new Socket();
                    sockets.add(s);
                    // shorter than the first SYN retransmission: a dropped connect fails here
                    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 900);
                }
            } finally {
                server.resume();
            }
            try (RawWsClient after = RawWsClient.open(server.port())) {
                after.sendText(Wire.PING_FRAME);
                assertEquals(Wire.PONG_FRAME, after.read().text());
            }
            assertEquals(BURST, sockets.size());
        } finally {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing only
                }
            }
        }
    }
}
