package heartbeatchat.server.it;

import heartbeatchat.server.engines.FreePort;
import heartbeatchat.server.engines.PostgresServer;
import org.junit.jupiter.api.Test;

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
    void aServerWithoutPostgresLoadsNoneOfItsClasses() throws Exception {
        List<String> classLog = List.of("-Xlog:class+load=info");
        try (ServerProcess sqlite = ServerProcess.startWithJvmOptions(classLog, 0, ServerProcess.newDataDir());
             WsClient ann = WsClient.connect(sqlite.wsUrl("/ws"))) {
            ann.logIn("openid-class-loading-0001", "Ann");
            ann.send(WsClient.message("stored in SQLite", "c1"));
            ann.nextOfType("message");
            assertTrue(sqlite.output().stream().anyMatch(l -> l.contains("org.sqlite.JDBC")), "the log shows what loads");
            assertFalse(sqlite.output().stream().anyMatch(l -> l.contains("org.postgresql.") || l.contains("com.zaxxer.")),
                    "PostgreSQL's and HikariCP's classes load only with --postgres");
        }
        String url = PostgresServer.shared().newDatabase();
        try (ServerProcess postgres = ServerProcess.startWithJvmOptions(classLog, 0, ServerProcess.newDataDir(),
                "--postgres", url)) {
            assertTrue(postgres.output().stream().anyMatch(l -> l.contains("org.postgresql.Driver")));
            assertTrue(postgres.output().stream().anyMatch(l -> l.contains("listening on") && l.contains("with the PostgreSQL")));
        }
    }
}
