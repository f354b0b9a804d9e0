package heartbeatchat.server.e2e;

import heartbeatchat.server.it.ServerProcess;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.NoAlertPresentException;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The product in real Chromium: two people chatting, a server crash, a half-open network, hostile text. */
class ChatE2EIT {
    /** Chromium reports a refused or dropped WebSocket on the console; during a deliberate outage that is expected. */
    private static final Predicate<String> OUTAGE_NOISE = m -> m.contains("WebSocket connection to");
    private static final Predicate<String> NOTHING = m -> false;

    @Test
    void twoBrowsersChatAndEachMarksItsOwnMessages() throws Exception {
        try (ServerProcess server = ServerProcess.start(0);
             Browser ann = new Browser(1000, 700);
             Browser bob = new Browser(390, 760)) {
            ann.enter(server.httpUrl(), "Ann");
            bob.enter(server.httpUrl(), "Bob");

            ann.say("Hello Bob!");
            bob.waitForMessage("Hello Bob!", Duration.ofSeconds(5));
            bob.say("Hi Ann, how are you?");
            ann.waitForMessage("Hi Ann, how are you?", Duration.ofSeconds(5));
            ann.waitForMessage("Hello Bob!", Duration.ofSeconds(5));

            assertEquals(List.of(new Browser.Shown(1, "Hello Bob!", "Ann", true),
                    new Browser.Shown(2, "Hi Ann, how are you?", "Bob", false)), ann.messages());
            assertEquals(List.of(new Browser.Shown(1, "Hello Bob!", "Ann", false),
                    new Browser.Shown(2, "Hi Ann, how are you?", "Bob", true)), bob.messages());
            ann.waitUntil(Duration.ofSeconds(5), "both online", () -> "2".equals(
                    ann.script("return document.getElementById('online-count').textContent")));
            assertTrue(ann.statusText().startsWith("Online"), ann.statusText());
            assertTrue(ann.statusAndRosterVisible(), "desktop width");
            assertTrue(bob.statusAndRosterVisible(), "phone width");

            ann.screenshot("chat-desktop");
            bob.screenshot("chat-phone");
            assertEquals(List.of(), ann.consoleErrors(NOTHING));
            assertEquals(List.of(), bob.consoleErrors(NOTHING));
        }
    }

    @Test
    void aMessageThatLooksLikeHtmlIsShownAsTextAndRunsNothing() throws Exception {
        String attack = "<img src=x onerror=alert(1)>";
        try (ServerProcess server = ServerProcess.start(0);
             Browser ann = new Browser(1000, 700);
             Browser bob = new Browser(1000, 700)) {
            ann.enter(server.httpUrl(), "<b>Ann</b>");
            bob.enter(server.httpUrl(), "Bob");

            ann.say(attack);
            for (Browser b : List.of(ann, bob)) {
                b.waitForMessage(attack, Duration.ofSeconds(5));
                assertEquals("<b>Ann</b>", b.messages().get(0).name());
                assertEquals(0L, b.script("return document.querySelectorAll('#messages img, #messages b').length"));
                assertThrows(NoAlertPresentException.class, () -> b.driver().switchTo().alert());
            }
            bob.screenshot("hostile-text");
            assertEquals(List.of(), ann.consoleErrors(NOTHING));
            assertEquals(List.of(), bob.consoleErrors(NOTHING));
        }
    }

    @Test
    void bothPagesComeBackByThemselvesAfterTheServerIsKilledAndRestarted() throws Exception {
        ServerProcess server = ServerProcess.start(0);
        int port = server.port();
        try (Browser ann = new Browser(1000, 700); Browser bob = new Browser(1000, 700)) {
            ann.enter(server.httpUrl(), "Ann");
            bob.enter(server.httpUrl(), "Bob");
            ann.say("before the crash");
            bob.waitForMessage("before the crash", Duration.ofSeconds(5));

            server.kill();
            for (Browser b : List.of(ann, bob)) {
                b.waitUntil(Duration.ofSeconds(10), "reconnecting shown", () -> b.statusText().startsWith("Reconnecting"));
            }
            ann.screenshot("server-down");

            server = ServerProcess.start(port);
            // the first retry comes 3 to 3.9 s after the crash, the next 6 to 7.8 s after that
            ann.waitForState("online", Duration.ofSeconds(20));
            bob.waitForState("online", Duration.ofSeconds(20));

            bob.say("after the restart");
            ann.waitForMessage("after the restart", Duration.ofSeconds(5));
            Browser.Shown last = ann.messages().get(ann.messages().size() - 1);
            assertFalse(last.mine());
            assertEquals("after the restart", last.text());
            assertTrue(bob.messages().get(bob.messages().size() - 1).mine());
            assertEquals(List.of(), ann.consoleErrors(OUTAGE_NOISE));
            assertEquals(List.of(), bob.consoleErrors(OUTAGE_NOISE));
        } finally {
            server.close();
        }
    }

    @Test
    void theBrowsersOnlineEventAndAVisibleTabReconnectAtOnce() throws Exception {
        ServerProcess server = ServerProcess.start(0);
        int port = server.port();
        try (Browser ann = new Browser(1000, 700)) {
            ann.enter(server.httpUrl(), "Ann");

            for (String wake : List.of("window.dispatchEvent(new Event('online'));",
                    "Object.defineProperty(document, 'visibilityState', {value: 'visible', configurable: true});"
                            + "document.dispatchEvent(new Event('visibilitychange'));")) {
                server.kill();
                // retries fail against the dead server and wait longer each time (3, 6, 12 s plus jitter);
                // a wait of 8 s or more leaves the restart below time to finish before that retry is due
                ann.waitUntil(Duration.ofSeconds(40), "a reconnect wait of 8 s or more",
                        () -> secondsLeftOrZero(ann.statusText()) >= 8);
                server = ServerProcess.start(port);
                int secondsLeft = secondsLeftOrZero(ann.statusText());
                ann.script(wake);
                // online before the scheduled retry would have run: the wake itself reconnected
                ann.waitForState("online", Duration.ofSeconds(Math.max(1, secondsLeft - 1)));
                ServerProcess restarted = server;
                ann.waitUntil(Duration.ofSeconds(5), "the login in the new server's log",
                        () -> restarted.output().stream().anyMatch(l -> l.contains(" login ")));
                assertEquals(1, server.output().stream().filter(l -> l.contains(" login ")).count(),
                        "one login on the new server: " + wake);
            }
            assertEquals(List.of(), ann.consoleErrors(OUTAGE_NOISE));
        } finally {
            server.close();
        }
    }

    /** The seconds left in "Reconnecting in N s (attempt K)", or 0 when the status says something else. */
    private static int secondsLeftOrZero(String status) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^Reconnecting in (\\d+) s").matcher(status);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Test
    void aHalfOpenPathIsFoundByTheHeartbeatAndThePageReconnectsWhenItHeals() throws Exception {
        try (ServerProcess server = ServerProcess.start(0);
             TcpProxy proxy = new TcpProxy(server.port());
             Browser ann = new Browser(1000, 700)) {
            String url = "http://127.0.0.1:" + proxy.port() + "/";
            ann.enter(url, "Ann");

            // no close event ever comes through the paused proxy: only the page's heartbeat (ping after
            // 5 s, give up 3 s later; timed exactly in ClientConnectionTest) can notice
            proxy.pause();
            ann.waitUntil(Duration.ofSeconds(30), "dead path noticed", () -> !"online".equals(ann.state()));
            ann.screenshot("half-open-detected");

            proxy.resume();
            ann.waitForState("online", Duration.ofSeconds(15));
            ann.say("through the healed path");
            ann.waitForMessage("through the healed path", Duration.ofSeconds(5));
            assertEquals(List.of(), ann.consoleErrors(OUTAGE_NOISE));
        }
    }
}
