package heartbeatchat.server.e2e;

import heartbeatchat.server.it.ServerProcess;
import heartbeatchat.server.it.WsClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rough edges of the page that a new user ran into, each checked in Chromium. */
class PageEdgesE2EIT {

    @Test
    void webLinksInMessagesAreClickableAndNothingElseIs() throws Exception {
        String text = "see https://example.org/a?b=1. not javascript:alert(1) nor <a href=\"http://x.test\">x</a>";
        try (ServerProcess server = ServerProcess.start(0);
             Browser ann = new Browser(1000, 700);
             Browser bob = new Browser(1000, 700)) {
            ann.enter(server.httpUrl(), "Ann");
            bob.enter(server.httpUrl(), "Bob");
            ann.say(text);
            bob.waitForMessage(text, Duration.ofSeconds(5)); // the whole text, as text
            List<WebElement> links = bob.driver().findElements(By.cssSelector("#messages li.message .text a"));
            assertEquals(2, links.size());
            assertEquals("https://example.org/a?b=1", links.get(0).getAttribute("href"));
            assertEquals("https://example.org/a?b=1", links.get(0).getText());
            assertTrue(links.get(0).getAttribute("rel").contains("noopener"));
            assertEquals("http://x.test/", links.get(1).getAttribute("href"), "only the address, not the markup");
            assertEquals(0L, bob.script("return document.querySelectorAll('#messages .text [onclick], #messages .text script,"
                    + " #messages .text a[href^=javascript]').length;"));
        }
    }

    @Test
    void aMessageOverTheLimitIsKeptWithACounterAndRefusedWithANote() throws Exception {
        try (ServerProcess server = ServerProcess.start(0);
             Browser ann = new Browser(1000, 700)) {
            ann.enter(server.httpUrl(), "Ann");
            String pasted = "p".repeat(2_345);
            paste(ann, pasted);
            assertEquals("2345 / 2000", ann.script("return document.getElementById('message-counter').textContent;"));
            assertEquals(Boolean.TRUE, ann.script("var c = document.getElementById('message-counter');"
                    + " return !c.hidden && c.classList.contains('over');"));
            ann.driver().findElement(By.id("message-input")).sendKeys("\n");
            assertEquals(2_345L, ann.script("return document.getElementById('message-input').value.length;"), "nothing cut");
            assertTrue(((String) ann.script("return document.querySelector('#messages li.notice.error').textContent;"))
                    .contains("Not sent: this message has 2345 characters"));
            assertEquals(0, ann.pendingCount());

            paste(ann, "q".repeat(2_000));
            ann.driver().findElement(By.id("message-input")).sendKeys("\n");
            ann.waitForMessage("q".repeat(2_000), Duration.ofSeconds(5));
            assertEquals(Boolean.TRUE, ann.script("return document.getElementById('message-counter').hidden;"));
        }
    }

    @Test
    void sendingWhileScrolledUpShowsTheSentMessage() throws Exception {
        try (ServerProcess server = ServerProcess.start(0, "--rate-burst", "1000", "--rate-per-second", "1000");
             WsClient talker = WsClient.connect(server.wsUrl("/ws"));
             Browser ann = new Browser(1000, 700)) {
            talker.logIn("openid-00000000-talker", "Talker");
            ann.enter(server.httpUrl(), "Ann");
            for (int i = 1; i <= 60; i++) {
                talker.send(WsClient.message("filler " + i));
            }
            ann.waitForMessage("filler 60", Duration.ofSeconds(10));
            ann.script("document.getElementById('messages').scrollTop = 0;");
            ann.say("sent from the top");
            ann.waitUntil(Duration.ofSeconds(5), "scrolled to the sent message", () -> Boolean.TRUE.equals(ann.script(
                    "var m = document.getElementById('messages'); return m.scrollHeight - m.scrollTop - m.clientHeight < 40;")));
        }
    }

    @Test
    void scrollingToTheTopLoadsOlderPagesUntilTheBeginningWithoutMovingTheView() throws Exception {
        try (ServerProcess server = ServerProcess.start(0, "--rate-burst", "1000", "--rate-per-second", "1000");
             WsClient talker = WsClient.connect(server.wsUrl("/ws"));
             Browser ann = new Browser(1000, 700)) {
            talker.logIn("openid-00000000-talker", "Talker");
            for (int i = 1; i <= 180; i++) {
                talker.send(WsClient.message("old " + i));
            }
            for (int i = 1; i <= 180; i++) {
                talker.nextOfType("message");
            }
            ann.enter(server.httpUrl(), "Ann"); // the login reply brings the latest 100
            ann.waitForMessage("old 180", Duration.ofSeconds(10));
            assertEquals(100, ann.messagesFast().size());

            ann.script("document.getElementById('messages').scrollTop = 0;");
            ann.waitUntil(Duration.ofSeconds(10), "a page of 50 older", () -> ann.messagesFast().size() == 150);
            assertTrue(((Number) ann.script("return document.getElementById('messages').scrollTop;")).doubleValue() > 100,
                    "the view stays on what was read, not on the new top");
            talker.send(WsClient.message("live while paging"));
            ann.waitForMessage("live while paging", Duration.ofSeconds(5));
            ann.script("document.getElementById('messages').scrollTop = 0;");
            ann.waitUntil(Duration.ofSeconds(10), "back to the first", () -> ann.messagesFast().size() == 181);
            List<Browser.Shown> shown = ann.messagesFast();
            for (int i = 0; i < 181; i++) {
                assertEquals(i + 1, shown.get(i).seq(), "every message once, in order");
            }
            assertEquals("live while paging", shown.get(180).text());
            ann.waitUntil(Duration.ofSeconds(5), "the beginning is marked", () -> Boolean.TRUE.equals(
                    ann.script("return document.querySelector('#messages li.beginning') !== null;")));
        }
    }

    @Test
    void twoPeopleWhoLookTheSameAreToldApartByATag() throws Exception {
        try (ServerProcess server = ServerProcess.start(0);
             Browser ann = new Browser(1000, 700);
             Browser otherAnn = new Browser(1000, 700)) {
            ann.enter(server.httpUrl(), "Ann"); // both pick the same avatar
            otherAnn.enter(server.httpUrl(), "Ann");
            ann.waitUntil(Duration.ofSeconds(5), "both listed", () -> rosterEntries(ann).size() == 2);
            List<String> roster = rosterEntries(ann);
            Pattern tagged = Pattern.compile(".+ Ann #(\\S{4})");
            Matcher first = tagged.matcher(roster.get(0));
            Matcher second = tagged.matcher(roster.get(1));
            assertTrue(first.matches() && second.matches(), roster.toString());
            assertNotEquals(first.group(1), second.group(1));

            otherAnn.say("which Ann am I?");
            ann.waitForMessage("which Ann am I?", Duration.ofSeconds(5));
            String shownName = ann.messages().get(0).name();
            assertTrue(shownName.matches("Ann #\\S{4}"), shownName);
        }
    }

    @Test
    void onAPhoneWhileDisconnectedTheListSaysSoAndReconnectNowComesBackAtOnce() throws Exception {
        ServerProcess server = ServerProcess.start(0);
        int port = server.port();
        try (Browser ann = new Browser(390, 844)) {
            ann.enter(server.httpUrl(), "Ann");
            for (int i = 1; i <= 25; i++) {
                ann.say("line " + i);
            }
            ann.waitForMessage("line 25", Duration.ofSeconds(10));
            assertEquals(Boolean.TRUE, ann.script("var items = document.querySelectorAll('#messages li');"
                    + " var last = items[items.length - 1].getBoundingClientRect();"
                    + " return last.bottom <= document.getElementById('composer').getBoundingClientRect().top + 1;"),
                    "the newest message is above the composer");
            assertFalse(ann.driver().findElement(By.id("reconnect-now")).isDisplayed());
            double headerOnline = headerHeight(ann);

            server.kill();
            ann.waitUntil(Duration.ofSeconds(40), "a reconnect wait of 8 s or more",
                    () -> ann.statusText().matches("^Reconnecting in ([89]|\\d\\d+) s.*"));
            assertEquals(List.of("unknown while not connected"), rosterEntries(ann), "nobody shown as online");
            String announced = (String) ann.script("return document.getElementById('status-announce').textContent;");
            assertTrue(announced.startsWith("Reconnecting in "), announced);
            String shownBefore = ann.statusText();
            ann.waitUntil(Duration.ofSeconds(3), "the countdown ticks", () -> !ann.statusText().equals(shownBefore));
            assertEquals(announced, ann.script("return document.getElementById('status-announce').textContent;"),
                    "screen readers hear the state once, not every second of the countdown");
            ann.screenshot("phone-reconnecting");
            assertTrue(ann.driver().findElement(By.id("reconnect-now")).isDisplayed());
            assertEquals(headerOnline, headerHeight(ann), 1.0, "the header keeps its height with the long status and the button");
            assertEquals(Boolean.TRUE, ann.script("var s = document.getElementById('status'); return s.scrollWidth <= s.clientWidth;"),
                    "the countdown is shown whole: " + ann.statusText());

            server = ServerProcess.start(port);
            Matcher wait = Pattern.compile("^Reconnecting in (\\d+) s").matcher(ann.statusText());
            int secondsLeft = wait.find() ? Integer.parseInt(wait.group(1)) : 0;
            ann.driver().findElement(By.id("reconnect-now")).click();
            ann.waitForState("online", Duration.ofSeconds(Math.max(1, secondsLeft - 1)));
            // listed again, and as plain "Ann": the new server's new id for her is not someone else
            ann.waitUntil(Duration.ofSeconds(5), "listed again", () -> rosterEntries(ann).size() == 1
                    && rosterEntries(ann).get(0).endsWith(" Ann"));
        } finally {
            server.close();
        }
    }

    @Test
    void anOfflineReloadShowsTheSavedPageResumesAfterItAndAnnouncesNewMessagesBelow() throws Exception {
        java.nio.file.Path data = ServerProcess.newDataDir();
        ServerProcess server = ServerProcess.start(0, data);
        int port = server.port();
        try (Browser ann = new Browser(1000, 700)) {
            try (WsClient talker = WsClient.connect(server.wsUrl("/ws"))) {
                talker.logIn("openid-00000000-talker", "Talker");
                ann.enter(server.httpUrl(), "Ann");
                for (int i = 1; i <= 15; i++) {
                    talker.send(WsClient.message("before " + i));
                }
                ann.waitForMessage("before 15", Duration.ofSeconds(10));
            }
            ann.waitUntil(Duration.ofSeconds(10), "the page saved and able to load offline", () -> Boolean.TRUE.equals(
                    ann.script("var h = JSON.parse(localStorage.getItem('heartbeat-chat.history') || 'null');"
                            + " return h !== null && h.frames.length === 15 && navigator.serviceWorker.controller !== null;")));

            server.kill();
            ann.driver().navigate().refresh();
            ann.waitUntil(Duration.ofSeconds(10), "the saved page shown", () -> ann.messagesFast().size() == 15);
            assertEquals(Boolean.TRUE, ann.script("return Array.from(document.querySelectorAll('li.notice'))"
                    + ".some(n => n.textContent.startsWith('The messages above were saved on this device'));"));
            assertNotEquals("online", ann.state());
            ann.script("document.getElementById('messages').scrollTop = 0;"); // reading the saved page

            server = ServerProcess.start(port, data);
            try (WsClient talker = WsClient.connect(server.wsUrl("/ws"))) {
                talker.logIn("openid-00000000-talker", "Talker");
                ann.waitForState("online", Duration.ofSeconds(40));
                talker.send(WsClient.message("after the reload"));
                ann.waitForMessage("after the reload", Duration.ofSeconds(10));
            }
            ServerProcess restarted = server;
            ann.waitUntil(Duration.ofSeconds(5), "the login resumed after the saved page", () -> restarted.output().stream()
                    .anyMatch(l -> l.contains(" login ") && l.contains("(Ann) resuming after 15")));
            List<Browser.Shown> shown = ann.messagesFast();
            assertEquals(16, shown.size(), "each message once");
            assertEquals(16L, shown.get(15).seq());
            WebElement newBelow = ann.driver().findElement(By.id("new-below"));
            assertTrue(newBelow.isDisplayed(), "new messages below is said while reading higher up");
            newBelow.click();
            ann.waitUntil(Duration.ofSeconds(5), "at the newest", () -> !newBelow.isDisplayed());
        } finally {
            server.close();
        }
    }

    private static double headerHeight(Browser b) {
        return ((Number) b.script("return document.querySelector('.topbar').getBoundingClientRect().height;")).doubleValue();
    }

    private static void paste(Browser b, String text) {
        b.script("var i = document.getElementById('message-input'); i.value = arguments[0];"
                + " i.dispatchEvent(new Event('input'));", text);
    }

    @SuppressWarnings("unchecked")
    private static List<String> rosterEntries(Browser b) {
        return (List<String>) b.script("return Array.from(document.querySelectorAll('#online-list li')).map(li => li.textContent);");
    }
}
