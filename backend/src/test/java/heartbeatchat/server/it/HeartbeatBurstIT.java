package heartbeatchat.server.it;

import heartbeatchat.shared.protocol.Wire;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A hundred clients pinging at once, forty times over: every ping is answered by exactly one pong
 * on its own connection, and nothing else comes between. Heartbeats are answered on the selector
 * thread that read them; what that costs in CPU per heartbeat is the benchmark's figure
 * ({@code docs/bench/BENCHMARK.md}), not a threshold here.
 */
class HeartbeatBurstIT {
    private static final int CLIENTS = 100;
    private static final int ROUNDS = 40;

    @Test
    void aHundredClientsPingingAtOnceEachGetExactlyTheirPongs() throws Exception {
        // the rate limit would refuse pings this fast, and joins would come between the pongs;
        // both have tests of their own
        try (ServerProcess server = ServerProcess.start(0, "--rate-burst", "100000", "--rate-per-second", "100000",
                "--presence-limit", "0")) {
            List<RawWsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    RawWsClient c = RawWsClient.open(server.port());
                    clients.add(c);
                    c.sendText(WsClient.login("openid-00000000-heartbeat-burst-" + i, "Burst" + i));
                    assertEquals("login", WsClient.parse(c.read().text()).path("type").asText());
                }
                for (int r = 0; r < ROUNDS; r++) {
                    for (RawWsClient c : clients) {
                        c.sendText(Wire.PING_FRAME);
                    }
                    for (RawWsClient c : clients) {
                        assertEquals(Wire.PONG_FRAME, c.read().text(), "round " + r);
                    }
                }
                for (RawWsClient c : clients) { // nothing left over: the next frame is the answer to this ping
                    c.sendText(Wire.PING_FRAME);
                    assertEquals(Wire.PONG_FRAME, c.read().text());
                }
            } finally {
                for (RawWsClient c : clients) {
                    c.close();
                }
            }
        }
    }
}
