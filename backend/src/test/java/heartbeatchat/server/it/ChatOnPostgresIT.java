package heartbeatchat.server.it;

import heartbeatchat.server.engines.FreePort;
import heartbeatchat.server.engines.PostgresServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server as a process with {@code --postgres}, on a real PostgreSQL the test starts. */
class ChatOnPostgresIT {
    @Test
    void eachRoomKeepsItsOwnSeqAcrossASigkillAndReadPositionsAcrossARestart() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        RoomsIT.eachRoomKeepsItsOwnSeqAcrossASigkillAndReadPositionsAcrossARestart(
                () -> ServerProcess.start(0, "--postgres", url));
    }

    @Test
    void whilePostgresIsDownSendersAreToldAndReadySaysSoAndAfterwardsEveryMessageIsStoredOnce() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            String url = postgres.newDatabase();
            try (ServerProcess server = ServerProcess.start(0, "--postgres", url);
                 WsClient ann = WsClient.connect(server.wsUrl("/ws"))) {
                ann.logIn("openid-postgres-down-ann-1", "Ann");
                ann.send(WsClient.message("before", "m1"));
                assertEquals(1, ann.nextOfType("message").path("seq").asLong());

                postgres.stop();
                HttpResponse<String> down = Http.get(server.httpUrl() + "ready");
                assertEquals(503, down.statusCode());
                assertTrue(down.body().startsWith("not ready: store: PostgreSQL does not answer"), down.body());
                ann.send(WsClient.message("during", "m2"));
                JsonNode refused = ann.nextOfType("error");
                assertEquals("store_unavailable", refused.path("code").asText());
                assertEquals("m2", refused.path("clientMsgId").asText(), "the outbox keeps it and sends it again");

                postgres.startAgain();
                long deadline = System.currentTimeMillis() + 20_000;
                while (Http.get(server.httpUrl() + "ready").statusCode() != 200) {
                    assertTrue(System.currentTimeMillis() < deadline, "ready again after PostgreSQL came back");
                    Thread.sleep(200);
                }
                for (int attempt = 0; attempt < 2; attempt++) { // the outbox's resend, and a second one
                    ann.send(WsClient.message("during", "m2"));
                    JsonNode stored = ann.nextOfType("message");
                    assertEquals(2, stored.path("seq").asLong(), "stored once");
                    assertEquals("during", stored.path("data").asText());
                }
            }
            try (ServerProcess again = ServerProcess.start(0, "--postgres", url);
                 WsClient bob = WsClient.connect(again.wsUrl("/ws"))) {
                JsonNode reply = bob.logIn("openid-postgres-down-bob-1", "Bob");
                assertEquals(List.of(1L, 2L), LoginReplies.seqs(reply.path("history")), "nothing lost, nothing doubled");
            }
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedOrABadUrlIsOneLineAndExitCodeTwo() throws Exception {
        ServerProcess.Result down = ServerProcess.run("--postgres",
                "postgresql://chat:hunter2@127.0.0.1:" + FreePort.next() + "/chat");
        assertEquals(2, down.exitCode(), down.output());
        assertTrue(down.output().strip().startsWith("heartbeat-chat: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:"),
                down.output());
        assertEquals(1, down.output().strip().lines().count(), down.output());
        assertFalse(down.output().contains("hunter2"), "the password is never shown");

        ServerProcess.Result bad = ServerProcess.run("--postgres", "mysql://chat:hunter2@db/chat");
        assertEquals(2, bad.exitCode(), bad.output());
        assertTrue(bad.output().startsWith("heartbeat-chat: --postgres mysql://***@db/chat cannot be used: it must start with"),
                bad.output());
    }

    @Test
    void aServerWithoutPostgresAndRedisLoadsNoneOfTheirClasses() throws Exception {
        List<String> classLog = List.of("-Xlog:class+load=info");
        try (ServerProcess sqlite = ServerProcess.startWithJvmOptions(classLog, 0, ServerProcess.newDataDir());
             WsClient ann = WsClient.connect(sqlite.wsUrl("/ws"))) {
            ann.logIn("openid-class-loading-0001", "Ann");
            ann.send(WsClient.message("stored in SQLite", "c1"));
            ann.nextOfType("message");
            assertTrue(sqlite.output().stream().anyMatch(l -> l.contains("org.sqlite.JDBC")), "the log shows what loads");
            assertFalse(sqlite.output().stream().anyMatch(l -> l.contains("org.postgresql.") || l.contains("com.zaxxer.")),
                    "PostgreSQL's and HikariCP's classes load only with --postgres");
            assertFalse(sqlite.output().stream().anyMatch(l -> l.contains("io.lettuce.") || l.contains("io.netty.")
                    || l.contains("heartbeatchat.server.cluster.RedisBroker")), "Redis's only with --redis");
        }
        String url = PostgresServer.shared().newDatabase();
        try (ServerProcess postgres = ServerProcess.startWithJvmOptions(classLog, 0, ServerProcess.newDataDir(),
                "--postgres", url)) {
            assertTrue(postgres.output().stream().anyMatch(l -> l.contains("org.postgresql.Driver")));
            assertTrue(postgres.output().stream().anyMatch(l -> l.contains("listening on") && l.contains("with the PostgreSQL")));
        }
    }
}
