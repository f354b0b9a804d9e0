package heartbeatchat.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of malformed frames from one client: it gets answers, everyone else notices nothing.
 * Each run takes a new seed; a failure names it, and {@code -Dfuzz.seed=N} repeats that run.
 */
class FuzzIT {
    private static final int FRAMES_BEFORE_LOGIN = 1_000;
    private static final int FRAMES_AFTER_LOGIN = 500;

    @Test
    void malformedFramesAreAnsweredAndHarmNobody() throws Exception {
        try (ServerProcess server = ServerProcess.start(0, "--rate-burst", "100000", "--rate-per-second", "100000");
             WsClient observer = WsClient.connect(server.wsUrl("/ws"));
             WsClient fuzzer = WsClient.connect(server.wsUrl("/ws"))) {
            observer.logIn("openid-00000000-observer-000000", "Observer");
            long seed = Long.getLong("fuzz.seed", System.nanoTime());
            System.out.println("fuzz: seed " + seed + " (repeat with -Dfuzz.seed=" + seed + ")");
            try {
                fuzzWith(server, observer, fuzzer, new FuzzFrames(seed));
            } catch (AssertionError e) {
                throw new AssertionError("fuzz seed " + seed + " (repeat with -Dfuzz.seed=" + seed + "): "
                        + e.getMessage(), e);
            }
        }
    }

    private static void fuzzWith(ServerProcess server, WsClient observer, WsClient fuzzer, FuzzFrames frames) {
        int errors = fuzz(fuzzer, frames, FRAMES_BEFORE_LOGIN);
        fuzzer.logIn("openid-00000000-fuzzer-00000000", "Fuzzer");
        errors += fuzz(fuzzer, frames, FRAMES_AFTER_LOGIN);
        assertFalse(fuzzer.isClosed(), "the fuzzer was answered, not thrown out");

        // the observer saw the fuzzer come online and nothing else
        List<JsonNode> seen = observer.pingAndCollect();
        assertEquals(List.of("join"), seen.stream().map(n -> n.path("type").asText()).toList());
        observer.send(WsClient.message("still fine", "after-fuzz"));
        assertEquals(1, observer.nextOfType("message").path("seq").asLong(), "no fuzz frame became a message");

        for (String line : server.output()) {
            assertFalse(line.contains("ERROR") || line.contains("Exception") || line.contains("WARN"),
                    "server logged: " + line);
        }
        assertTrue(errors >= (FRAMES_BEFORE_LOGIN + FRAMES_AFTER_LOGIN) * 9 / 10, errors + " error frames");
        System.out.printf("fuzz: %d frames, %d answered with an error frame%n",
                FRAMES_BEFORE_LOGIN + FRAMES_AFTER_LOGIN, errors);
    }

    /**
     * Sends {@code count} fuzz frames; after every 50, a ping and then a marker frame whose error
     * names it, so the test knows where the window's answers end (fuzz frames may be pings too).
     * Every window must contain the pong. Returns the error frames seen for fuzz frames.
     */
    private static int fuzz(WsClient fuzzer, FuzzFrames frames, int count) {
        int errors = 0;
        for (int i = 1; i <= count; i++) {
            fuzzer.send(frames.next());
            if (i % 50 == 0) {
                String marker = "sync-" + i + "-" + count;
                fuzzer.send(heartbeatchat.shared.protocol.Wire.PING_FRAME);
                fuzzer.send("{\"type\":\"" + marker + "\"}");
                int pongs = 0;
                while (true) {
                    String raw = fuzzer.nextRaw();
                    if (heartbeatchat.shared.protocol.Wire.isPong(raw)) {
                        pongs++;
                        continue;
                    }
                    JsonNode n = WsClient.parse(raw);
                    if (n.path("message").asText().contains(marker)) {
                        break;
                    }
                    assertEquals("error", n.path("type").asText(), "fuzz got " + n);
                    errors++;
                }
                assertTrue(pongs >= 1, "the ping after frame " + i + " was answered");
            }
        }
        return errors;
    }
}
