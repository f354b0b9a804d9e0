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

    @Test
    void jsonLogsAreOneObjectPerLineForLogShippers() throws Exception {
        try (ServerProcess server = ServerProcess.start(0, "--log-format", "json", "--node-name", "node-j");
             WsClient ann = WsClient.connect(server.wsUrl("/ws"))) {
            ann.logIn("openid-json-logs-ann-0001", "Ann");
            long deadline = System.currentTimeMillis() + 5_000;
            while (server.output().stream().noneMatch(l -> l.contains("login 1 from"))) {
                assertTrue(System.currentTimeMillis() < deadline, "the login was logged: " + server.output());
                Thread.sleep(20);
            }
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (String line : server.output()) {
                com.fasterxml.jackson.databind.JsonNode entry = json.readTree(line); // throws unless each line is JSON
                assertTrue(entry.isObject(), line);
                assertTrue(entry.has("timestamp") && entry.has("level") && entry.has("formattedMessage")
                        && entry.has("loggerName"), line);
            }
            assertTrue(server.output().stream().anyMatch(l -> l.replace("\\/", "/")
                    .contains("\"formattedMessage\":\"listening on http://127.0.0.1:")), server.output().toString());
        }
        ServerProcess.Result bad = ServerProcess.run("--log-format", "xml");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.output().contains("--log-format must be text or json, got 'xml'"), bad.output());
    }
}
