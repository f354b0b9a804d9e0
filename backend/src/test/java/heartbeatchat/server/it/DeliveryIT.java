package heartbeatchat.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resume, deduplication and durability, against the real process and its SQLite file. */
class DeliveryIT {
    private static final String[] FAST = {"--rate-burst", "100000", "--rate-per-second", "100000"};

    private static List<Long> seqs(JsonNode history) {
        List<Long> out = new ArrayList<>();
        history.forEach(m -> out.add(m.path("seq").asLong()));
        return out;
    }

    @Test
    void aResumingLoginGetsExactlyWhatItMissedAndATooLargeGapGetsTheLatestPage() throws Exception {
        try (ServerProcess server = ServerProcess.start(0, "--resume-limit", "4", "--history", "2");
             WsClient ann = WsClient.connect(server.wsUrl("/ws"))) {
            String epoch = ann.logIn("openid-00000000-ann", "Ann").path("epoch").asText();
            for (int i = 1; i <= 6; i++) {
                ann.send(WsClient.message("m" + i));
                assertEquals(i, ann.nextOfType("message").path("seq").asLong());
            }
            try (WsClient back = WsClient.connect(server.wsUrl("/ws"))) {
                back.send(WsClient.resume("openid-00000000-bob", "Bob", 3, epoch));
                JsonNode reply = back.next("login");
                assertEquals(List.of(4L, 5L, 6L), seqs(reply.path("history")));
                assertFalse(reply.has("gapTooLarge"));
            }
            try (WsClient far = WsClient.connect(server.wsUrl("/ws"))) {
                far.send(WsClient.resume("openid-00000000-cid", "Cid", 1, epoch));
                JsonNode reply = far.next("login");
                assertTrue(reply.path("gapTooLarge").asBoolean());
                assertEquals(List.of(5L, 6L), seqs(reply.path("history")));
            }
        }
    }

    @Test
    void aRetriedMessageIsStoredAndBroadcastOnce() throws Exception {
        try (ServerProcess server = ServerProcess.start(0);
             WsClient observer = WsClient.connect(server.wsUrl("/ws"));
             WsClient first = WsClient.connect(server.wsUrl("/ws"))) {
            observer.logIn("openid-00000000-observer", "Observer");
            first.logIn("openid-00000000-ann", "Ann");
            first.send(WsClient.message("only once", "dup-1"));
            JsonNode original = first.nextOfType("message");
            assertEquals(original, observer.nextOfType("message"));
            first.close();

            try (WsClient retry = WsClient.connect(server.wsUrl("/ws"))) {
                retry.logIn("openid-00000000-ann", "Ann");
                retry.send(WsClient.message("only once", "dup-1"));
                assertEquals(original, retry.nextOfType("message"), "the sender gets the original back");
                retry.send(WsClient.message("marker", "dup-2"));
                JsonNode next = observer.nextOfType("message");
                assertEquals("marker", next.path("data").asText(), "the retry was not broadcast");
                assertEquals(original.path("seq").asLong() + 1, next.path("seq").asLong());
            }
        }
    }

    @Test
    void aRestartOnTheSameDataDirectoryKeepsHistoryUserIdsAndTheSequence() throws Exception {
        Path data = ServerProcess.newDataDir();
        String userId;
        String epoch;
        try (ServerProcess server = ServerProcess.start(0, data); WsClient ann = WsClient.connect(server.wsUrl("/ws"))) {
            JsonNode reply = ann.logIn("openid-00000000-ann", "Ann");
            userId = reply.path("userId").asText();
            epoch = reply.path("epoch").asText();
            ann.send(WsClient.message("before the restart", "k1"));
            assertEquals(1, ann.nextOfType("message").path("seq").asLong());
        }
        try (ServerProcess server = ServerProcess.start(0, data); WsClient ann = WsClient.connect(server.wsUrl("/ws"))) {
            JsonNode reply = ann.logIn("openid-00000000-ann", "Ann");
            assertEquals(userId, reply.path("userId").asText());
            assertEquals(epoch, reply.path("epoch").asText());
            assertEquals("before the restart", reply.path("history").get(0).path("data").asText());
            ann.send(WsClient.message("before the restart", "k1"));
            assertEquals(1, ann.nextOfType("message").path("seq").asLong(), "the retry is still known");
            ann.send(WsClient.message("after", "k2"));
            assertEquals(2, ann.nextOfType("message").path("seq").asLong());
        }
    }

    @Test
    void aLockedDatabaseRefusesMessagesWithStoreUnavailableAndTheServerRecovers() throws Exception {
        Path data = ServerProcess.newDataDir();
        try (ServerProcess server = ServerProcess.start(0, data, "--sqlite-busy-timeout-ms", "200");
             WsClient observer = WsClient.connect(server.wsUrl("/ws"));
             WsClient ann = WsClient.connect(server.wsUrl("/ws"))) {
            observer.logIn("openid-00000000-observer", "Observer");
            ann.logIn("openid-00000000-ann", "Ann");
            try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("chat.db"));
                 Statement s = lock.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                ann.send(WsClient.message("while locked", "locked-1"));
                JsonNode error = ann.nextOfType("error");
                assertEquals("store_unavailable", error.path("code").asText());
                assertEquals("locked-1", error.path("clientMsgId").asText());
                s.execute("ROLLBACK");
            }
            ann.send(WsClient.message("while locked", "locked-1")); // the client's retry
            JsonNode stored = observer.nextOfType("message");
            assertEquals("while locked", stored.path("data").asText());
            assertEquals(1, stored.path("seq").asLong(), "nothing was broadcast while the store was locked");
            assertTrue(server.output().stream().anyMatch(l -> l.contains("store unavailable")));
        }
    }

    @Test
    void sigtermClosesEveryoneWith1012WithinFiveSecondsAndLosesNothingStored() throws Exception {
        Path data = ServerProcess.newDataDir();
        List<Long> confirmed = new ArrayList<>();
        int closeCode;
        long exitMillis;
        try (ServerProcess server = ServerProcess.start(0, data, FAST);
             WsClient ann = WsClient.connect(server.wsUrl("/ws"))) {
            ann.logIn("openid-00000000-ann", "Ann");
            for (int i = 0; i < 300; i++) {
                ann.send(WsClient.message("m" + i, "t" + i));
            }
            ann.nextOfType("message"); // the stream is under way: stop the server in the middle of it
            long start = System.nanoTime();
            int exit = server.terminate(5_000);
            exitMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(143, exit, "128 + SIGTERM: the JVM ran its shutdown hooks");
            closeCode = ann.awaitClose(Duration.ofSeconds(1));
            for (String frame : ann.everything()) {
                JsonNode n = WsClient.parse(frame);
                if ("message".equals(n.path("type").asText())) {
                    confirmed.add(n.path("seq").asLong());
                }
            }
        }
        assertEquals(1012, closeCode);
        assertFalse(confirmed.isEmpty());
        assertTrue(exitMillis < 5_000, "exit took " + exitMillis + " ms");
        try (ServerProcess server = ServerProcess.start(0, data, "--resume-limit", "1000");
             WsClient check = WsClient.connect(server.wsUrl("/ws"))) {
            check.send(WsClient.resume("openid-00000000-check", "Check", 0, ""));
            List<Long> stored = seqs(check.next("login").path("history"));
            assertTrue(stored.containsAll(confirmed), "every confirmed message survived");
            for (int i = 0; i < stored.size(); i++) {
                assertEquals(i + 1, stored.get(i), "no holes in the sequence");
            }
            System.out.printf("SIGTERM: exit in %d ms, %d messages confirmed before the close, %d stored%n",
                    exitMillis, confirmed.size(), stored.size());
        }
    }
}
