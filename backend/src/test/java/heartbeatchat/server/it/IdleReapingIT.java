package heartbeatchat.server.it;

import heartbeatchat.shared.protocol.Wire;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server finds dead clients itself: silence past the idle timeout closes the connection. */
class IdleReapingIT {

    @Test
    void aSilentClientIsClosedAndLeavesWhileAHeartbeatingOneStays() throws Exception {
        try (ServerProcess server = ServerProcess.start(0, "--idle-timeout-ms", "1000");
             WsClient alive = WsClient.connect(server.wsUrl("/ws"));
             WsClient silent = WsClient.connect(server.wsUrl("/ws"))) {
            alive.logIn("openid-alive", "Alive");
            silent.logIn("openid-silent", "Silent");
            alive.next("join");
            long start = System.nanoTime();

            // the alive client pings every 300 ms, well inside the 1 s idle timeout
            while (!silent.isClosed() && System.nanoTime() - start < 5_000_000_000L) {
                alive.send(Wire.PING_FRAME);
                assertEquals(Wire.PONG_FRAME, alive.nextRaw());
                Thread.sleep(300);
            }
            assertEquals(4000, silent.awaitClose(Duration.ofSeconds(1)));
            long closedAfterMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closedAfterMillis >= 900, "closed after " + closedAfterMillis + " ms");
            assertEquals("Silent", alive.next("leave").path("userName").asText());
            assertFalse(alive.isClosed());
            assertTrue(server.output().stream().anyMatch(l -> l.contains("code 4000")), "the close is logged");
        }
    }
}
