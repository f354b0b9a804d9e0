package heartbeatchat.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import heartbeatchat.server.it.ServerProcess;
import heartbeatchat.server.it.WsClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Chromium pages and a scripted client keep sending numbered messages; the server is killed
 * with SIGKILL mid-stream and restarted on the same data. Afterwards every page shows every stored
 * message exactly once, in the same order, and every message anyone typed is stored exactly once.
 */
class ChaosE2EIT {

    @Test
    void nothingIsLostOrDoubledWhenTheServerIsKilledMidStream() throws Exception {
        Path data = ServerProcess.newDataDir();
        ServerProcess server = ServerProcess.start(0, data);
        int port = server.port();
        List<String> typedByAnn = new ArrayList<>();
        List<String> typedByBob = new ArrayList<>();
        List<String> typedDuringOutage = new ArrayList<>();
        try (Browser ann = new Browser(1000, 700); Browser bob = new Browser(1000, 700);
             ScriptedChatClient bot = new ScriptedChatClient(server.wsUrl("/ws"), "openid-00000000-bot", "bot")) {
            ann.enter(server.httpUrl(), "ann");
            bob.enter(server.httpUrl(), "bob");

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
                    server.kill();
                    killed = true;
                } else if (killed && !restarted && elapsedMillis(start) > 6_500) {
                    server = ServerProcess.start(port, data);
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

            List<String> stored = storedTexts(server);
            int storedCount = stored.size();
            ann.waitUntil(Duration.ofSeconds(10), "ann shows all", () -> ann.messagesFast().size() >= storedCount);
            bob.waitUntil(Duration.ofSeconds(10), "bob shows all", () -> bob.messagesFast().size() >= storedCount);

            List<String> sentByAll = new ArrayList<>(typedByAnn);
            sentByAll.addAll(typedByBob);
            sentByAll.addAll(bot.sent());
            Report report = new Report(sentByAll, stored);
            assertEquals(0, report.duplicates, "nothing stored twice");
            assertEquals(List.of(), report.lost, "nothing typed was lost");
            assertEquals(sentByAll.size(), storedCount);
            assertTrue(!typedDuringOutage.isEmpty(), "the test typed during the outage");

            for (Browser b : List.of(ann, bob)) {
                List<Browser.Shown> shown = b.messagesFast();
                assertEquals(stored, shown.stream().map(Browser.Shown::text).toList(), "every page shows the store, in order");
                for (int k = 0; k < shown.size(); k++) {
                    assertEquals(k + 1, shown.get(k).seq(), "seq " + (k + 1) + " shown once, in place");
                }
            }
            assertEquals(stored, bot.shownTexts());
            System.out.printf("chaos: sent %d (ann %d, bob %d, bot %d; %d typed during the outage), stored %d,"
                            + " shown ann %d, bob %d, bot %d, duplicates %d, losses %d%n",
                    sentByAll.size(), typedByAnn.size(), typedByBob.size(), bot.sent().size(), typedDuringOutage.size(),
                    storedCount, ann.messagesFast().size(), bob.messagesFast().size(), bot.shownTexts().size(),
                    report.duplicates, report.lost.size());
            ann.screenshot("chaos-after");
        } finally {
            server.close();
        }
    }

    private static void type(Browser b, String text, List<String> typed, List<String> duringOutage) {
        b.say(text);
        typed.add(text);
        if (duringOutage != null) {
            duringOutage.add(text);
        }
    }

    /** Every stored message, read by a fresh client that resumes from the start. */
    private static List<String> storedTexts(ServerProcess server) {
        try (WsClient reader = WsClient.connect(server.wsUrl("/ws"))) {
            reader.send("{\"type\":\"login\",\"userName\":\"Auditor\",\"openid\":\"openid-00000000-auditor\",\"lastSeq\":0}");
            JsonNode reply = reader.next("login");
            List<String> texts = new ArrayList<>();
            reply.path("history").forEach(m -> texts.add(m.path("data").asText()));
            return texts;
        }
    }

    private record Report(int duplicates, List<String> lost) {
        Report(List<String> sent, List<String> stored) {
            this(stored.size() - new HashSet<>(stored).size(), missing(sent, stored));
        }

        private static List<String> missing(List<String> sent, List<String> stored) {
            Set<String> s = new HashSet<>(stored);
            return sent.stream().filter(t -> !s.contains(t)).toList();
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
