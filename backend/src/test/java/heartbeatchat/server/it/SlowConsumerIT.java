package heartbeatchat.server.it;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stops reading is cut off (4003, and its socket dropped); everybody else keeps receiving everything, in
 * order. (How late their deliveries are is the benchmark's to measure, not a test's.)
 */
class SlowConsumerIT {

    @Test
    void aStalledReaderIsCutOffWhileTheOthersDeliveriesStayPrompt() throws Exception {
        try (ServerProcess server = ServerProcess.start(0, "--rate-burst", "100000", "--rate-per-second", "100000",
                "--max-pending-bytes", "262144");
             RawWsClient stalled = RawWsClient.stalledReader(server.port(), WsClient.login("openid-00000000-stalled-00000000", "Stalled"));
             WsClient sender = WsClient.connect(server.wsUrl("/ws"));
             WsClient receiver = WsClient.connect(server.wsUrl("/ws"))) {
            sender.logIn("openid-00000000-sender-000000000", "Sender");
            receiver.logIn("openid-00000000-receiver-0000000", "Receiver");
            String filler = "x".repeat(1_900);
            int count = 2_000; // about 3.8 M characters; the stalled socket may hold 256 Ki plus kernel buffers
            for (int i = 0; i < count; i++) {
                sender.send(WsClient.message(i + " " + filler));
                if (i % 100 == 99) { // the receiver keeps up, and gets every message in order
                    for (int k = i - 99; k <= i; k++) {
                        assertEquals(k + " " + filler, receiver.nextOfType("message").path("data").asText());
                    }
                }
            }
            assertTrue(server.output().stream().anyMatch(l -> l.contains("cutting off") && l.contains("bytes unsent")),
                    "the stalled reader was cut off");
            assertEquals(-1, drain(stalled.socket()), "the server closed the stalled socket");
            assertFalse(receiver.isClosed());
            assertFalse(sender.isClosed());
            assertEquals(1, Http.sample(Http.get(server.httpUrl() + "metrics").body(), "chat_slow_consumer_cuts_total"),
                    "counted in /metrics");
        }
    }

    /** Reads what the stalled socket had buffered until the server's close; returns the last read. */
    private static int drain(Socket s) throws Exception {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            // discard
        }
        return n;
    }
}
