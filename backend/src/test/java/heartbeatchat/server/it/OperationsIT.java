package heartbeatchat.server.it;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /health}, {@code /ready} and {@code /metrics} of the server as a process. */
class OperationsIT {
    @Test
    void healthReadinessAndMetricsSayWhatHappened() throws Exception {
        try (ServerProcess server = ServerProcess.start(0, "--node-name", "node-a", "--idle-timeout-ms", "1500",
                "--rate-burst", "5", "--rate-per-second", "1");
             WsClient ann = WsClient.connect(server.wsUrl("/ws"));
             WsClient bob = WsClient.connect(server.wsUrl("/ws"))) {
            HttpResponse<String> health = Http.get(server.httpUrl() + "health");
            assertEquals(200, health.statusCode());
            assertEquals("ok\n", health.body());
            HttpResponse<String> ready = Http.get(server.httpUrl() + "ready");
            assertEquals(200, ready.statusCode());
            assertEquals("ready\n", ready.body());

            ann.logIn("openid-operations-ann-01", "Ann");
            bob.logIn("openid-operations-bob-01", "Bob");
            ann.send(WsClient.message("one", "c1"));
            ann.nextOfType("message");
            bob.nextOfType("message");
            Thread.sleep(1_300); // silence past two thirds of the idle timeout: the server pings, the client's pong answers
            for (int i = 0; i < 8; i++) { // over the burst of 5
                ann.send(WsClient.message("burst " + i, "b" + i));
            }
            ann.nextOfType("error");

            HttpResponse<String> metrics = Http.get(server.httpUrl() + "metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            String text = metrics.body();
            assertTrue(text.contains("chat_logins_total{node=\"node-a\"} 2.0"), text);
            assertTrue(Http.sample(text, "chat_messages_stored_total") >= 1, text);
            assertTrue(Http.sample(text, "chat_deliveries_total") >= 2, "one message to two connections");
            assertEquals(2, Http.sample(text, "chat_connections"));
            assertTrue(Http.sample(text, "chat_store_commit_seconds_count") >= 1);
            assertTrue(Http.sample(text, "chat_fanout_lag_seconds_count") >= 1);
            assertTrue(Http.sample(text, "chat_heartbeat_rtt_seconds_count") >= 1, "the pong to the server's ping was timed");
            assertTrue(Http.sample(text, "chat_rate_limited_total") >= 1);
            for (String name : List.of("chat_gap_fills_total", "chat_slow_consumer_cuts_total", "jvm_memory_used_bytes")) {
                assertTrue(text.contains(name), name);
            }
        }
    }
}
