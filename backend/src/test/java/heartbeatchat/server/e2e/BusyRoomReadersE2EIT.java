package heartbeatchat.server.e2e;

import heartbeatchat.server.it.ServerProcess;
import heartbeatchat.server.it.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Readers who never type, in a room where someone posts every 2 s, with the server's default 15 s
 * idle timeout: the note's client and the page both ping only 5 s after the last frame they
 * received, so here they send nothing at all. They stay connected for two minutes (eight idle
 * timeouts) because they answer the server's protocol pings; each logs in once and shows everything.
 */
class BusyRoomReadersE2EIT {
    private static final Duration WATCHED = Duration.ofMinutes(2);

    @Test
    void readersThatNeverTypeStayConnectedForMinutesInARoomWithAMessageEveryTwoSeconds() throws Exception {
        try (ServerProcess server = ServerProcess.start(0);
             WsClient talker = WsClient.connect(server.wsUrl("/"));
             NoteClient noteReader = new NoteClient(server.wsUrl("/"), "NoteReader", "openid-00000000-note-reader-0000000000");
             Browser pageReader = new Browser(1000, 700)) {
            talker.logIn("openid-00000000-talker-000000000000", "Talker");
            pageReader.enter(server.httpUrl(), "PageReader");
            pageReader.waitUntil(Duration.ofSeconds(10), "the note's client logged in",
                    () -> loginsOf(server, "NoteReader") == 1);

            List<String> pageStates = new ArrayList<>();
            int sent = 0;
            long end = System.nanoTime() + WATCHED.toNanos();
            while (System.nanoTime() < end) {
                talker.send(WsClient.message("busy " + ++sent));
                Thread.sleep(2_000);
                pageStates.add(pageReader.state());
            }
            String last = "busy " + sent;
            pageReader.waitForMessage(last, Duration.ofSeconds(10));
            pageReader.waitUntil(Duration.ofSeconds(10), "the note's client shows the last message",
                    () -> noteReader.messageList().contains(last));

            assertEquals(List.of(), server.output().stream().filter(l -> l.contains(" code 4000 ")).toList(),
                    "nobody was taken for dead");
            assertEquals(1, noteReader.opens(), "the note's client never reconnected");
            assertEquals(List.of(), noteReader.closes());
            assertEquals(0, noteReader.pingsSent(), "it never sent a heart check: only the protocol pongs kept it");
            assertEquals(sent, noteReader.messageList().size());
            assertEquals(1, loginsOf(server, "PageReader"), "the page never reconnected");
            assertEquals(new TreeSet<>(List.of("online")), new TreeSet<>(pageStates), "the page's status all along");
            assertEquals(sent, pageReader.messages().size());
        }
    }

    private static long loginsOf(ServerProcess server, String name) {
        return server.output().stream().filter(l -> l.contains(" login ") && l.contains("(" + name + ")")).count();
    }
}
