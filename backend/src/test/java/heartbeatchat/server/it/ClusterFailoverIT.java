package heartbeatchat.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import heartbeatchat.server.engines.HaproxyServer;
import heartbeatchat.server.engines.PostgresServer;
import heartbeatchat.server.engines.RedisServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two servers as processes behind HAProxy ({@code docs/haproxy.cfg}) on a real PostgreSQL and Redis:
 * a SIGTERM on one server closes its clients with 1012; they come back through HAProxy on the other
 * and resume with nothing lost; a bad Redis URL or an unreachable Redis at start is one line and exit 2.
 */
class ClusterFailoverIT {
    private static final String ANN = "openid-failover-ann-00001";
    private static final String BOB = "openid-failover-bob-00001";

    @Test
    void aServerStoppedWithSigtermSendsItsClientsToTheOtherWithNothingLost() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            String db = PostgresServer.shared().newDatabase();
            ServerProcess a = ServerProcess.start(0, "--postgres", db, "--redis", redis.url(), "--node-name", "a");
            ServerProcess b = ServerProcess.start(0, "--postgres", db, "--redis", redis.url(), "--node-name", "b");
            try (HaproxyServer haproxy = HaproxyServer.start(Path.of(System.getProperty("chat.docsDir", "../docs"), "haproxy.cfg"),
                    a.port(), b.port());
                 WsClient ann = WsClient.connect(haproxy.wsUrl("/ws"));
                 WsClient bob = WsClient.connect(haproxy.wsUrl("/ws"))) {
                JsonNode annReply = ann.logIn(ANN, "Ann");
                bob.logIn(BOB, "Bob");
                assertEquals(1.0, connections(a), "HAProxy gave each server one (leastconn)");
                assertEquals(1.0, connections(b));
                List<Long> bobSaw = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    ann.send(WsClient.message("before " + i, "b" + i));
                    bobSaw.add(bob.nextOfType("message").path("seq").asLong());
                }
                assertEquals(List.of(1L, 2L, 3L, 4L, 5L), bobSaw, "across servers, in order");

                a.terminate(10_000); // SIGTERM, as a service manager stops a server
                long deadline = System.currentTimeMillis() + 5_000;
                while (!ann.isClosed() && !bob.isClosed()) {
                    assertTrue(System.currentTimeMillis() < deadline, "a's client was closed");
                    Thread.sleep(20);
                }
                WsClient onStopped = ann.isClosed() ? ann : bob;
                WsClient onOther = onStopped == ann ? bob : ann;
                assertEquals(1012, onStopped.awaitClose(Duration.ofSeconds(5)), "service restart: come back");
                assertTrue(!onOther.isClosed(), "the other server's client stays");
                for (int i = 1; i <= 3; i++) {
                    onOther.send(WsClient.message("while away " + i, "w" + i));
                    onOther.nextOfType("message");
                }
                String openid = onStopped == ann ? ANN : BOB;
                String name = onStopped == ann ? "Ann" : "Bob";
                try (WsClient back = WsClient.connect(haproxy.wsUrl("/ws"))) {
                    back.send(WsClient.resume(openid, name, 5, annReply.path("epoch").asText()));
                    JsonNode reply = back.next("login");
                    assertEquals(List.of(6L, 7L, 8L), LoginReplies.seqs(reply.path("history")),
                            "back through HAProxy on the other server, with exactly what it missed");
                    onOther.send(WsClient.message("after", "a1"));
                    assertEquals(9, back.nextOfType("message").path("seq").asLong(), "and live again");
                }
            } finally {
                a.close();
                b.close();
            }
        }
    }

    private static double connections(ServerProcess node) throws Exception {
        HttpResponse<String> metrics = Http.get(node.httpUrl() + "metrics");
        return Http.sample(metrics.body(), "chat_connections");
    }

    @Test
    void anUnreachableRedisOrABadUrlIsOneLineAndExitCodeTwo() throws Exception {
        String db = PostgresServer.shared().newDatabase();
        ServerProcess.Result down = ServerProcess.run("--postgres", db, "--redis",
                "redis://:hunter2@127.0.0.1:" + heartbeatchat.server.engines.FreePort.next());
        assertEquals(2, down.exitCode(), down.output());
        List<String> lines = down.output().strip().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("heartbeat-chat: cannot connect to Redis at redis://***@127.0.0.1:"), down.output());
        assertTrue(!down.output().contains("hunter2"), down.output());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")),
                "one line saying why, no stack trace: " + down.output());

        ServerProcess.Result bad = ServerProcess.run("--postgres", db, "--redis", "http://redis:6379");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.output().contains("--redis http://redis:6379 cannot be used: it must start with redis://"), bad.output());
        ServerProcess.Result alone = ServerProcess.run("--redis", "redis://127.0.0.1:6379");
        assertEquals(2, alone.exitCode());
        assertTrue(alone.output().contains("--redis needs --postgres"), alone.output());
    }

    @Test
    void readyAnswers503WhileRedisIsDownAndTheServerReconnectsByItself() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ServerProcess node = ServerProcess.start(0, "--postgres", PostgresServer.shared().newDatabase(),
                     "--redis", redis.url(), "--node-name", "a")) {
            assertEquals(200, Http.get(node.httpUrl() + "ready").statusCode());
            redis.kill();
            long deadline = System.currentTimeMillis() + 10_000;
            HttpResponse<String> ready;
            while ((ready = Http.get(node.httpUrl() + "ready")).statusCode() != 503) {
                assertTrue(System.currentTimeMillis() < deadline, "/ready noticed");
                Thread.sleep(100);
            }
            assertTrue(ready.body().startsWith("not ready: Redis"), ready.body());
            assertEquals(200, Http.get(node.httpUrl() + "health").statusCode(), "alive all the same");
            redis.startAgain();
            deadline = System.currentTimeMillis() + 30_000;
            while (Http.get(node.httpUrl() + "ready").statusCode() != 200) {
                assertTrue(System.currentTimeMillis() < deadline, "reconnected by itself");
                Thread.sleep(200);
            }
        }
    }
}
