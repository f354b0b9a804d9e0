package heartbeatchat.server.e2e;

import heartbeatchat.server.it.ServerProcess;
import heartbeatchat.server.it.WsClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rooms, a direct conversation, unread badges, the title count, "Seen", typing, the multi-line
 * composer, older pages in a room and the phone menu, with three people in real Chromium.
 */
class RoomsE2EIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Creates a room from the page's form and waits until it is open; returns its id. */
    static String createRoom(Browser b, String name) {
        b.driver().findElement(By.id("new-room")).click();
        b.driver().findElement(By.id("new-room-name")).sendKeys(name + "\n");
        b.waitUntil(WAIT, name + " open", () -> roomTitle(b).equals(name));
        return openRoom(b);
    }

    /** Finds the room in the page's directory, joins it and waits until it is open. */
    static void joinFromDirectory(Browser b, String name) {
        b.driver().findElement(By.id("find-rooms")).click();
        By join = By.cssSelector("#room-directory button[aria-label='Join " + name + "']");
        b.waitUntil(WAIT, "the directory lists " + name, () -> !b.driver().findElements(join).isEmpty());
        b.driver().findElement(join).click();
        b.waitUntil(WAIT, "in " + name, () -> roomTitle(b).equals(name));
    }

    static void openRoom(Browser b, String roomId) {
        b.driver().findElement(By.cssSelector("#room-list button[data-room='" + roomId + "']")).click();
        b.waitUntil(WAIT, "room " + roomId + " open", () -> roomId.equals(openRoom(b)));
    }

    static String openRoom(Browser b) {
        return (String) b.script("var c = document.querySelector('#room-list button[aria-current=\"true\"]');"
                + " return c === null ? null : c.getAttribute('data-room');");
    }

    static String roomTitle(Browser b) {
        return b.driver().findElement(By.id("room-title")).getText();
    }

    /** The unread badge of a room in the list, "" when none. */
    private static String badge(Browser b, String roomId) {
        return (String) b.script("var e = document.querySelector('#room-list button[data-room=\"" + roomId + "\"] .unread');"
                + " return e === null ? '' : e.textContent;");
    }

    private static String title(Browser b) {
        return b.driver().getTitle();
    }

    private static String typingLine(Browser b) {
        return b.driver().findElement(By.id("typing")).getText();
    }

    private static String seen(Browser b) {
        return (String) b.script("var e = document.querySelector('#messages .seen'); return e === null ? '' : e.textContent;");
    }

    @Test
    void threePeopleTwoRoomsAndADirectConversation() throws Exception {
        try (ServerProcess server = ServerProcess.start(0, "--rate-burst", "1000", "--rate-per-second", "1000");
             Browser ann = new Browser(1200, 800);
             Browser bob = new Browser(1200, 800);
             Browser cy = new Browser(390, 844)) {
            ann.enter(server.httpUrl(), "Ann");
            bob.enter(server.httpUrl(), "Bob");
            cy.enter(server.httpUrl(), "Cy");

            // Ann creates a room; Bob finds and joins it
            String design = createRoom(ann, "Design");
            joinFromDirectory(bob, "Design");
            assertEquals("2 members", bob.driver().findElement(By.id("room-members")).getText());

            ann.say("design 1");
            bob.waitForMessage("design 1", WAIT);
            assertTrue(bob.driver().findElements(By.cssSelector("#messages li.day")).stream()
                    .anyMatch(d -> d.getText().equals("Today")), "a date line above today's first message");

            // Bob looks at the lobby: what comes in Design is unread there, and in the title
            openRoom(bob, "lobby");
            ann.say("design 2");
            bob.waitUntil(WAIT, "Design's badge", () -> badge(bob, design).equals("1"));
            assertEquals("(1) Heartbeat Chat", title(bob));
            assertTrue(bob.messagesFast().stream().noneMatch(m -> m.text().startsWith("design")), "the lobby shows the lobby");
            openRoom(bob, design);
            bob.waitUntil(WAIT, "read when opened", () -> badge(bob, design).isEmpty() && title(bob).equals("Heartbeat Chat"));
            ann.waitUntil(WAIT, "Ann sees Bob read it", () -> seen(ann).equals("Seen by 1"));
            assertTrue(cy.messagesFast().stream().noneMatch(m -> m.text().startsWith("design")), "Cy is not in Design");

            // Ann messages Bob alone, from the list of who is online
            ann.driver().findElement(By.cssSelector("#online-list button[title='Message Bob alone']")).click();
            ann.waitUntil(WAIT, "the conversation with Bob", () -> roomTitle(ann).equals("Bob"));
            assertEquals("just you two", ann.driver().findElement(By.id("room-members")).getText());
            String dm = openRoom(ann);
            ann.say("psst, Bob");
            bob.waitUntil(WAIT, "the conversation's badge", () -> "1".equals(badge(bob, dm)));
            assertEquals("(1) Heartbeat Chat", title(bob));
            assertEquals("Ann", bob.driver().findElement(By.cssSelector("#room-list button[data-room='" + dm + "'] .room-name")).getText());
            openRoom(bob, dm);
            bob.waitForMessage("psst, Bob", WAIT);
            ann.waitUntil(WAIT, "Seen under Ann's message", () -> seen(ann).equals("Seen"));

            // typing shows, and clears when the message arrives
            WebElement bobInput = bob.driver().findElement(By.id("message-input"));
            bobInput.sendKeys("hel");
            ann.waitUntil(WAIT, "Bob typing", () -> typingLine(ann).equals("Bob is typing…"));
            bobInput.sendKeys("lo");
            bobInput.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
            bobInput.sendKeys("second line\n");
            ann.waitForMessage("hello\nsecond line", WAIT);
            assertEquals("", typingLine(ann), "cleared at once by Bob's message");
            assertTrue(((Number) ann.script("var t = Array.from(document.querySelectorAll('#messages li.message .text'));"
                    + " return t[t.length - 1].getBoundingClientRect().height / t[t.length - 2].getBoundingClientRect().height;"))
                    .doubleValue() >= 1.5, "Shift+Enter broke the line, and the page shows two lines (the one before has one)");
            bobInput.sendKeys("x");
            ann.waitUntil(WAIT, "Bob typing again", () -> typingLine(ann).equals("Bob is typing…"));
            long shownAt = System.nanoTime();
            ann.waitUntil(Duration.ofSeconds(9), "typing gone after Bob stopped", () -> typingLine(ann).isEmpty());
            assertTrue(System.nanoTime() - shownAt > 3_500_000_000L, "shown for about 5 s, not dropped at once");
            bobInput.clear();
            assertFalse(String.join("", cy.driver().getPageSource()).contains("psst"), "Cy never gets the conversation");

            // older pages in a room: a talker fills Design, Cy joins it and scrolls up to its first message
            try (WsClient talker = WsClient.connect(server.wsUrl("/ws"))) {
                talker.send("{\"type\":\"login\",\"userName\":\"Talker\",\"openid\":\"openid-rooms-e2e-talker-01\",\"rooms\":{}}");
                talker.next("login");
                talker.send("{\"type\":\"joinRoom\",\"room\":\"" + design + "\"}");
                talker.nextOfType("room");
                for (int i = 1; i <= 170; i++) { // more than a latest page (100) and an older page (50) together
                    talker.send("{\"type\":\"message\",\"room\":\"" + design + "\",\"data\":\"filler " + i + "\"}");
                }
                while (!talker.nextOfType("message").path("data").asText().equals("filler 170")) {
                    continue; // all 170 stored and sent
                }
            }
            cy.driver().findElement(By.id("rooms-toggle")).click();
            cy.waitUntil(WAIT, "the room menu open", () -> cy.driver().findElement(By.id("rooms")).isDisplayed());
            cy.driver().findElement(By.id("find-rooms")).click();
            cy.waitUntil(WAIT, "Design listed", () -> !cy.driver().findElements(
                    By.cssSelector("#room-directory button[aria-label='Join Design']")).isEmpty());
            String listed = cy.driver().findElement(By.xpath("//ul[@id='room-directory']/li[starts-with(., 'Design (')]")).getText();
            assertTrue(listed.matches("(?s)Design \\(\\d+ members, last message today at .+\\).*"),
                    "members and last activity: " + listed);
            cy.screenshot("rooms-phone-menu");
            cy.driver().findElement(By.cssSelector("#room-directory button[aria-label='Join Design']")).click();
            cy.waitUntil(WAIT, "Cy in Design, the menu closed", () -> roomTitle(cy).equals("Design")
                    && !cy.driver().findElement(By.id("rooms")).isDisplayed());
            cy.waitForMessage("filler 170", WAIT);
            assertEquals(100, cy.messagesFast().size(), "the room's latest page");
            for (int page = 0; page < 3 && cy.messagesFast().size() < 172; page++) { // design 1, design 2, 170 fillers
                int before = cy.messagesFast().size();
                cy.script("document.getElementById('messages').scrollTop = 0;");
                cy.waitUntil(WAIT, "an older page", () -> cy.messagesFast().size() > before);
            }
            cy.waitUntil(WAIT, "back to Design's first", () -> cy.messagesFast().size() == 172
                    && !cy.driver().findElements(By.cssSelector("#messages li.beginning")).isEmpty());
            assertEquals(1, cy.messagesFast().get(0).seq());
            assertEquals("design 1", cy.messagesFast().get(0).text());

            // the phone's composer works
            WebElement cyInput = cy.driver().findElement(By.id("message-input"));
            assertTrue(cyInput.isDisplayed());
            assertTrue(((Number) cy.script("return document.getElementById('message-input').getBoundingClientRect().bottom;"))
                    .doubleValue() <= 844, "the composer is on screen");
            cy.say("from the phone");
            ann.waitUntil(WAIT, "Ann's Design badge", () -> !badge(ann, design).isEmpty());

            // a sender's name opens the conversation with them too
            openRoom(bob, design);
            bob.waitForMessage("from the phone", WAIT);
            bob.driver().findElement(By.xpath("//li[contains(@class,'theirs')][.//div[@class='text' and text()='from the phone']]"
                    + "//span[@class='name']")).click();
            bob.waitUntil(WAIT, "the conversation with Cy", () -> roomTitle(bob).equals("Cy"));
            cy.waitUntil(WAIT, "Cy's list has the conversation with Bob", () -> Boolean.TRUE.equals(cy.script(
                    "return Array.from(document.querySelectorAll('#room-list .room-name')).some(e => e.textContent === 'Bob');")));

            openRoom(ann, design);
            ann.waitForMessage("from the phone", WAIT);
            saveScreenshot(ann.screenshot("rooms-desktop"), "screenshot-rooms-desktop.png");
            cy.driver().findElement(By.id("rooms-toggle")).click();
            cy.waitUntil(WAIT, "the room menu open", () -> cy.driver().findElement(By.id("rooms")).isDisplayed());
            saveScreenshot(cy.screenshot("rooms-phone"), "screenshot-rooms-phone.png");
        }
    }

    /** Keeps a copy for the README when the build is asked to ({@code -Dchat.docsScreenshots=DIR}). */
    private static void saveScreenshot(Path shot, String name) throws Exception {
        String dir = System.getProperty("chat.docsScreenshots");
        if (dir != null && !dir.isEmpty()) {
            Files.copy(shot, Path.of(dir).resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
