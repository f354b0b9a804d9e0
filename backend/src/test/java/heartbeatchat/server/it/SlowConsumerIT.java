package heartbeatchat.server.it;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that stops reading is cut off; everybody else keeps receiving on time. */
class SlowConsumerIT {

    @Test
    void aStalledReaderIsCutOffWhileTheOthersDeliveriesStayPrompt() throws Exception {
        try (ServerProcess server = ServerProcess.start(0, "--rate-burst", "100000", "--rate-per-second", "100000",
                "--max-pending-bytes", "262144");
             RawWsClient stalled = RawWsClient.stalledReader(server.port(), WsClient.login("openid-stalled", "Stalled"));
             WsClient sender = WsClient.connect(server.wsUrl("/ws"));
             WsClient receiver = WsClient.connect(server.wsUrl("/ws"))) {
            sender.logIn("openid-sender", "Sender");
            receiver.logIn("openid-receiver", "Receiver");
            String filler = "x".repeat(1_900);
            long worstMillis = 0;
            int count = 2_000; // about 3.8 M characters; the stalled socket may hold 256 Ki plus kernel buffers
            for (int i = 0; i < count; i++) {
                sender.send(WsClient.message(System.nanoTime() + " " + filler));
                if (i % 100 == 99) { // let the receiver keep up and measure how late it is
                    for (int k = 0; k < 100; k++) {
                        String data = receiver.nextOfType("message").path("data").asText();
                        long sentAt = Long.parseLong(data.substring(0, data.indexOf(' ')));
                        worstMillis = Math.max(worstMillis, (System.nanoTime() - sentAt) / 1_000_000);
                    }
                }
            }
            assertTrue(server.output().stream().anyMatch(l -> l.contains("cutting off")), "the stalled reader was cut off");
            assertTrue(worstMillis < 1_000, "a delivery to the healthy receiver took " + worstMillis + " ms");
            assertEquals(-1, drain(stalled.socket()), "the server closed the stalled socket");
            System.out.printf("slow consumer: cut off; worst delivery to the others %d ms over %d messages%n",
                    worstMillis, count);
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
