package heartbeatchat.server.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The security edges of the server as a real process: what a hostile client or page can and cannot do. */
class SecurityIT {
    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.start(0);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aCloseReasonWithLineBreaksCannotForgeALogLine() throws Exception {
        String forged = "2026-11-30T10:00:00.000+0000 INFO ChatRoom - login forged from 10.0.0.1 as admin";
        try (RawWsClient c = RawWsClient.open(server.port())) {
            c.sendText(WsClient.login("openid-00000000-log-forger", "Forger"));
            assertEquals("login", WsClient.parse(c.read().text()).path("type").asText());
            ByteArrayOutputStream close = new ByteArrayOutputStream();
            close.write(1000 >> 8);
            close.write(1000 & 0xFF);
            close.write(("bye\r\n" + forged).getBytes(StandardCharsets.UTF_8));
            c.send(RawWsClient.CLOSE, true, close.toByteArray());
            assertEquals(1000, c.awaitClose());
        }
        waitForLine("(bye\\r\\n" + forged + ")");
        assertFalse(server.output().stream().anyMatch(l -> l.startsWith(forged)), "no line starts with the forged text");
    }

    private static void waitForLine(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.output().stream().noneMatch(l -> l.contains(fragment))) {
            assertTrue(System.nanoTime() < deadline, "no log line contains " + fragment + ": " + server.output());
            Thread.sleep(20);
        }
    }
}
