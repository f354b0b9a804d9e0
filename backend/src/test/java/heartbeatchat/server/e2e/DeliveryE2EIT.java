package heartbeatchat.server.e2e;

import heartbeatchat.server.it.ServerProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox across a reload, and a terminal close code, in real Chromium. */
class DeliveryE2EIT {
    private static final Predicate<String> OUTAGE_NOISE = m -> m.contains("WebSocket connection to");

    @Test
    void aMessageTypedOfflineSurvivesAReloadAndIsSentOnceWhenTheServerIsBack() throws Exception {
        Path data = ServerProcess.newDataDir();
        ServerProcess server = ServerProcess.start(0, data);
        int port = server.port();
        try (Browser ann = new Browser(1000, 700)) {
            ann.enter(server.httpUrl(), "Ann");
            ann.say("while online");
            ann.waitForMessage("while online", Duration.ofSeconds(5));
            ann.waitUntil(Duration.ofSeconds(10), "the page works offline",
                    () -> Boolean.TRUE.equals(ann.script("return navigator.serviceWorker.controller !== null")));

            server.kill();
            ann.waitUntil(Duration.ofSeconds(10), "offline", () -> !"online".equals(ann.state()));
            ann.say("typed while the server is down");
            assertEquals(1, ann.pendingCount());
            assertEquals("waiting for connection", ann.script(
                    "return document.querySelector('li.pending .time').textContent;"), "not 'sending…' while offline");
            ann.driver().navigate().refresh();
            ann.waitUntil(Duration.ofSeconds(10), "pending after the reload", () -> ann.pendingCount() == 1);
            ann.screenshot("pending-after-reload");

            server = ServerProcess.start(port, data);
            ann.waitForState("online", Duration.ofSeconds(20));
            ann.waitUntil(Duration.ofSeconds(10), "confirmed", () -> ann.pendingCount() == 0);
            List<Browser.Shown> shown = ann.messagesFast();
            assertEquals(List.of("while online", "typed while the server is down"),
                    shown.stream().map(Browser.Shown::text).toList());
            assertEquals(List.of(1L, 2L), shown.stream().map(Browser.Shown::seq).toList());
            assertTrue(shown.stream().allMatch(Browser.Shown::mine));
            assertEquals(List.of(), ann.consoleErrors(OUTAGE_NOISE));
        } finally {
            server.close();
        }
    }

    @Test
    void aTerminalCloseCodeStopsReconnectingAndThePageSaysWhy() throws Exception {
        try (ServerProcess server = ServerProcess.start(0, "--max-connections-per-user", "1");
             Browser first = new Browser(1000, 700);
             Browser second = new Browser(1000, 700)) {
            first.enter(server.httpUrl(), "Ann");
            // the second browser becomes the same user: same secret openid, as a second device would be
            String openid = (String) first.script("return localStorage.getItem('heartbeat-chat.openid')");
            second.open(server.httpUrl());
            second.script("localStorage.setItem('heartbeat-chat.openid', arguments[0]);"
                    + "localStorage.setItem('heartbeat-chat.name', 'Ann');", openid);
            second.driver().navigate().refresh();
            second.waitForState("closed", Duration.ofSeconds(10));
            assertTrue(second.statusText().contains("too many connections"), second.statusText());
            second.screenshot("terminal-close");

            // every attempt of the second browser is refused and logged as a close with 4002
            assertEquals(1, refusals(server), "one refusal so far");
            Thread.sleep(5_000); // longer than the first reconnect delay, with jitter
            assertEquals(1, refusals(server), "no reconnect after a terminal code");
            assertEquals("closed", second.state());
            assertEquals("online", first.state());
        }
    }

    private static long refusals(ServerProcess server) {
        return server.output().stream().filter(l -> l.contains(" close ") && l.contains(" code 4002 ")).count();
    }
}
