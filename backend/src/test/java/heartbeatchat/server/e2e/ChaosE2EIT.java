package heartbeatchat.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import heartbeatchat.server.it.ServerProcess;
import heartbeatchat.server.it.WsClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import heartbeatchat.shared.protocol.Rooms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Chromium pages and a scripted client keep sending numbered messages in three rooms at once:
 * Ann in her direct conversation with Bob, Bob in the room "Ops" they are both in, the scripted
 * client (the note's protocol) in the lobby. The server is killed with SIGKILL mid-stream and
 * restarted on the same data. Afterwards every message anyone typed is stored exactly once, in its
 * own room, and every page shows each room's stored messages exactly once, in order, in that room only.
 */
class ChaosE2EIT {
    /** Where the clients connect, and what fails under them mid-stream. */
    interface Deployment extends AutoCloseable {
        String httpUrl();

        String wsUrl(String path);

        /** Just before the failure, with every client connected. */
        default void beforeFailure() throws Exception {
        }

        /** SIGKILL: a server, or one of a cluster's. */
        void fail() throws Exception;

        /** What failed comes back. */
        void recover() throws Exception;

        @Override
        void close();
    }

    /** One server, killed and started again on the same port and data. */
    private static final class SingleServer implements Deployment {
        private final Path data;
        private ServerProcess server;
        private final int port;

        SingleServer() throws Exception {
            data = ServerProcess.newDataDir();
            server = ServerProcess.start(0, data);
            port = server.port();
        }

        @Override
        public String httpUrl() {
            return server.httpUrl();
        }

        @Override
        public String wsUrl(String path) {
            return server.wsUrl(path);
        }

        @Override
        public void fail() throws Exception {
            server.kill();
        }

        @Override
        public void recover() throws Exception {
            server = ServerProcess.start(port, data);
        }

        @Override
        public void close() {
            server.close();
        }
    }

    @Test
    void nothingIsLostOrDoubledWhenTheServerIsKilledMidStream() throws Exception {
        try (Deployment single = new SingleServer()) {
            run(single, "chaos");
        }
    }

    /**
     * Ann and Bob in Chromium, a scripted client of the note's protocol, messages in a direct
     * conversation, a room and the lobby; {@link Deployment#fail} at 4 s, {@link Deployment#recover}
     * at 6.5 s; then every message stored once, in its room, and shown once, in order, in it only.
     */
    static void run(Deployment server, String label) throws Exception {
        List<String> typedByAnn = new ArrayList<>();
        List<String> typedByBob = new ArrayList<>();
        List<String> typedDuringOutage = new ArrayList<>();
        try (Browser ann = new Browser(1000, 700); Browser bob = new Browser(1000, 700);
             ScriptedChatClient bot = new ScriptedChatClient(server.wsUrl("/ws"), "openid-00000000-bot", "bot")) {
            ann.enter(server.httpUrl(), "ann");
            bob.enter(server.httpUrl(), "bob");
            String ops = RoomsE2EIT.createRoom(ann, "Ops");
            RoomsE2EIT.joinFromDirectory(bob, "Ops");
            org.openqa.selenium.By messageBob = org.openqa.selenium.By.cssSelector("#online-list button[title='Message bob alone']");
            ann.waitUntil(Duration.ofSeconds(10), "bob online (on another server of a cluster: within its presence sync)",
                    () -> !ann.driver().findElements(messageBob).isEmpty());
            ann.driver().findElement(messageBob).click();
            ann.waitUntil(Duration.ofSeconds(10), "the conversation with bob", () -> RoomsE2EIT.roomTitle(ann).equals("bob"));
            String dm = RoomsE2EIT.openRoom(ann);

            AtomicBoolean botRunning = new AtomicBoolean(true);
            Thread botThread = new Thread(() -> {
                while (botRunning.get()) {
                    bot.sendNext();
                    sleep(250); // 4 a second, under the server's 5
                }
            }, "bot-sender");
            botThread.start();

            long start = System.nanoTime();
            boolean killed = false;
            boolean restarted = false;
            for (int i = 1; elapsedMillis(start) < 12_000; i++) {
                type(ann, "ann-" + i, typedByAnn, !killed || restarted ? null : typedDuringOutage);
                type(bob, "bob-" + i, typedByBob, !killed || restarted ? null : typedDuringOutage);
                sleep(300);
                if (!killed && elapsedMillis(start) > 4_000) {
                    server.beforeFailure();
                    server.fail();
                    killed = true;
                } else if (killed && !restarted && elapsedMillis(start) > 6_500) {
                    server.recover();
                    restarted = true;
                }
            }
            botRunning.set(false);
            botThread.join();

            // everything settles: no page and no client has anything unconfirmed
            for (Browser b : List.of(ann, bob)) {
                b.waitUntil(Duration.ofSeconds(40), "outbox empty", () -> b.pendingCount() == 0);
            }
            long deadline = System.nanoTime() + 40_000_000_000L;
            while (bot.outboxSize() > 0 && System.nanoTime() < deadline) {
                sleep(100);
            }
            assertEquals(0, bot.outboxSize(), "the bot's outbox drained");

            // what the store holds, room by room, read as Ann (the only way into her conversation but Bob's)
            String annOpenid = (String) ann.script("return localStorage.getItem('heartbeat-chat.openid');");
            Map<String, List<String>> stored = storedTexts(server, annOpenid, List.of(Rooms.LOBBY, ops, dm));
            assertEquals(typedByAnn, stored.get(dm), "Ann's conversation: each once, in the order typed, nothing else");
            assertEquals(typedByBob, stored.get(ops), "Ops: each of Bob's once, in order, nothing else");
            assertEquals(bot.sent(), stored.get(Rooms.LOBBY), "the lobby: the bot's, each once, in order");
            assertTrue(!typedDuringOutage.isEmpty(), "the test typed during the outage");

            assertShowsRoom(ann, dm, stored.get(dm));
            assertShowsRoom(bob, ops, stored.get(ops));
            RoomsE2EIT.openRoom(ann, ops);
            assertShowsRoom(ann, ops, stored.get(ops));
            RoomsE2EIT.openRoom(bob, dm);
            assertShowsRoom(bob, dm, stored.get(dm));
            RoomsE2EIT.openRoom(ann, Rooms.LOBBY);
            assertShowsRoom(ann, Rooms.LOBBY, stored.get(Rooms.LOBBY));
            assertEquals(stored.get(Rooms.LOBBY), bot.shownTexts(), "the note's client got the lobby and nothing else");
            int storedCount = stored.values().stream().mapToInt(List::size).sum();
            System.out.printf(label + ": sent %d (ann %d in a direct conversation, bob %d in a room, bot %d in the lobby;"
                            + " %d typed during the outage), stored %d, duplicates 0, losses 0%n",
                    typedByAnn.size() + typedByBob.size() + bot.sent().size(), typedByAnn.size(), typedByBob.size(),
                    bot.sent().size(), typedDuringOutage.size(), storedCount);
            ann.screenshot(label + "-after");
        }
    }

    private static void type(Browser b, String text, List<String> typed, List<String> duringOutage) {
        b.say(text);
        typed.add(text);
        if (duringOutage != null) {
            duringOutage.add(text);
        }
    }

    /** The page, in that room, shows exactly the room's stored messages, each once, seq 1, 2, 3… */
    private static void assertShowsRoom(Browser b, String room, List<String> stored) {
        b.waitUntil(Duration.ofSeconds(10), "the page shows all of " + room, () -> room.equals(RoomsE2EIT.openRoom(b))
                && b.messagesFast().size() >= stored.size());
        List<Browser.Shown> shown = b.messagesFast();
        assertEquals(stored, shown.stream().map(Browser.Shown::text).toList(), "the page shows the store of " + room + ", in order");
        for (int k = 0; k < shown.size(); k++) {
            assertEquals(k + 1, shown.get(k).seq(), "seq " + (k + 1) + " shown once, in place");
        }
    }

    /** Every stored message of each room, read by a fresh connection of the user that resumes each from the start. */
    private static Map<String, List<String>> storedTexts(Deployment server, String openid, List<String> rooms) {
        try (WsClient reader = WsClient.connect(server.wsUrl("/ws"))) {
            StringBuilder positions = new StringBuilder();
            for (String r : rooms) {
                positions.append(positions.length() == 0 ? "" : ",").append('"').append(r).append("\":0");
            }
            reader.send("{\"type\":\"login\",\"userName\":\"ann\",\"openid\":\"" + openid + "\",\"rooms\":{"
                    + positions + "}}");
            JsonNode reply = reader.next("login");
            Map<String, List<String>> texts = new HashMap<>();
            List<String> lobby = new ArrayList<>();
            reply.path("history").forEach(m -> lobby.add(m.path("data").asText()));
            texts.put(Rooms.LOBBY, lobby);
            for (JsonNode entry : reply.path("rooms")) {
                if (!entry.path("room").asText().equals(Rooms.LOBBY)) {
                    List<String> in = new ArrayList<>();
                    entry.path("history").forEach(m -> in.add(m.path("data").asText()));
                    texts.put(entry.path("room").asText(), in);
                }
            }
            return texts;
        }
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
