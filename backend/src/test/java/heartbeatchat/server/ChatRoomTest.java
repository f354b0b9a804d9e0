package heartbeatchat.server;

import com.fasterxml.jackson.databind.JsonNode;
import heartbeatchat.shared.protocol.Wire;
import heartbeatchat.shared.testing.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatRoomTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    private final FakeClock clock = new FakeClock();
    private final AtomicLong wallClock = new AtomicLong(1_700_000_000_000L);
    private final ChatRoom room = new ChatRoom(clock, wallClock::get, new UserIds(SECRET), new JsonCodec(), 15_000, 3, "epoch-1");
    private final List<RecordingConnection> connections = new ArrayList<>();

    @AfterEach
    void noOpenidEverLeftTheServer() {
        for (RecordingConnection c : connections) {
            for (String frame : c.all) {
                assertFalse(frame.contains("secret-openid"), "openid leaked in " + frame);
            }
        }
    }

    private RecordingConnection connect(String id) {
        RecordingConnection c = new RecordingConnection(id);
        connections.add(c);
        room.onConnect(c, "test");
        return c;
    }

    private static String login(String openid, String name) {
        return "{\"type\":\"login\",\"socketId\":\"s1\",\"userName\":\"" + name + "\",\"userAvatar\":\"🐱\",\"openid\":\""
                + openid + "\"}";
    }

    /** Connects and logs in, consuming the login reply; returns the connection. */
    private RecordingConnection loggedIn(String id, String openid, String name) {
        RecordingConnection c = connect(id);
        room.onText(id, login(openid, name));
        c.next("login");
        return c;
    }

    private void say(RecordingConnection c, String text) {
        room.onText(c.id(), "{\"type\":\"message\",\"data\":\"" + text + "\"}");
    }

    @Test
    void pingIsAnsweredWithPongBeforeAndAfterLogin() {
        RecordingConnection c = connect("c1");
        room.onText("c1", Wire.PING_FRAME);
        assertEquals(Wire.PONG_FRAME, c.nextRaw());
        room.onText("c1", login("secret-openid-1", "Ann"));
        c.next("login");
        room.onText("c1", "{\"type\":\"check\",\"data\":\"ping\",\"extra\":[1,2]}");
        assertEquals(Wire.PONG_FRAME, c.nextRaw());
        c.assertNothingMore();
    }

    @Test
    void loginReplyCarriesUserIdOnlineUsersAndHistory() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-1", "Ann");
        say(ann, "hello");
        ann.next("message");

        RecordingConnection bob = connect("c2");
        room.onText("c2", login("secret-openid-2", "  Bob  "));
        JsonNode reply = bob.next("login");

        assertTrue(reply.path("ok").asBoolean());
        assertEquals("epoch-1", reply.path("epoch").asText());
        String bobId = reply.path("userId").asText();
        assertEquals(22, bobId.length());
        assertEquals(List.of("Ann", "Bob"), reply.path("users").findValuesAsText("userName"));
        assertEquals(bobId, reply.path("users").get(1).path("userId").asText());
        assertEquals(1, reply.path("history").size());
        assertEquals("hello", reply.path("history").get(0).path("data").asText());
        assertEquals("message", reply.path("history").get(0).path("type").asText());
        bob.assertNothingMore();

        JsonNode join = ann.next("join");
        assertEquals("Bob", join.path("userName").asText());
        assertEquals(bobId, join.path("userId").asText());
        assertEquals(wallClock.get(), join.path("time").asLong());
        ann.assertNothingMore();
    }

    @Test
    void theUserIdIsAKeyedHashOfTheOpenid() {
        UserIds ids = new UserIds(SECRET);
        assertEquals(ids.userIdFor("a"), ids.userIdFor("a"));
        assertNotEquals(ids.userIdFor("a"), ids.userIdFor("b"));
        assertNotEquals(ids.userIdFor("a"), new UserIds("another secret of 32 bytes or so!".getBytes()).userIdFor("a"));
    }

    @Test
    void aMessageReachesEveryLoggedInConnectionIncludingTheSenderInSeqOrder() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-1", "Ann");
        RecordingConnection bob = loggedIn("c2", "secret-openid-2", "Bob");
        ann.next("join");
        RecordingConnection anonymous = connect("c3");

        say(ann, "one");
        say(bob, "two");

        for (RecordingConnection c : List.of(ann, bob)) {
            JsonNode first = c.next("message");
            assertEquals(1, first.path("seq").asLong());
            assertEquals("one", first.path("data").asText());
            assertEquals("Ann", first.path("userName").asText());
            assertEquals("🐱", first.path("userAvatar").asText());
            assertEquals(wallClock.get(), first.path("time").asLong());
            JsonNode second = c.next("message");
            assertEquals(2, second.path("seq").asLong());
            assertEquals("Bob", second.path("userName").asText());
            c.assertNothingMore();
        }
        anonymous.assertNothingMore();
    }

    @Test
    void twoTabsOfOneUserJoinOnceAndLeaveWithTheLastTab() {
        RecordingConnection watcher = loggedIn("w", "secret-openid-w", "Watcher");
        RecordingConnection tab1 = loggedIn("t1", "secret-openid-1", "Ann");
        watcher.next("join");
        RecordingConnection tab2 = connect("t2");
        room.onText("t2", login("secret-openid-1", "Ann"));
        JsonNode reply = tab2.next("login");
        assertEquals(2, reply.path("users").size(), "one user, however many tabs");
        watcher.assertNothingMore();
        tab1.assertNothingMore();

        room.onClose("t1", 1001, "tab closed");
        watcher.assertNothingMore();
        assertEquals(2, room.onlineUsers().size());

        room.onClose("t2", 1001, "tab closed");
        JsonNode leave = watcher.next("leave");
        assertEquals("Ann", leave.path("userName").asText());
        assertEquals(1, room.onlineUsers().size());
        room.onClose("t2", 1006, ""); // a second close event for the same socket changes nothing
        watcher.assertNothingMore();
    }

    @Test
    void historyKeepsTheLatestMessagesInOrder() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-1", "Ann");
        for (int i = 1; i <= 5; i++) {
            say(ann, "m" + i);
        }
        RecordingConnection late = connect("c2");
        room.onText("c2", login("secret-openid-2", "Late"));
        JsonNode history = late.next("login").path("history");
        assertEquals(List.of("m3", "m4", "m5"), history.findValuesAsText("data"));
        assertEquals(List.of("3", "4", "5"), history.findValuesAsText("seq"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not json at all                                    | invalid_json",
            "{\"type\":\"message\"                               | invalid_json",
            "[1,2,3]                                            | not_an_object",
            "\"login\"                                          | not_an_object",
            "42                                                 | not_an_object",
            "{}                                                 | invalid_field",
            "{\"type\":7}                                       | invalid_field",
            "{\"type\":\"dance\"}                               | unknown_type",
            "{\"type\":\"login\",\"userName\":\"A\"}            | invalid_field",
            "{\"type\":\"login\",\"openid\":5,\"userName\":\"A\"} | invalid_field",
            "{\"type\":\"login\",\"openid\":\"\",\"userName\":\"A\"} | invalid_field",
            "{\"type\":\"login\",\"openid\":\"x\"}              | invalid_field",
            "{\"type\":\"login\",\"openid\":\"x\",\"userName\":[]} | invalid_field",
            "{\"type\":\"login\",\"openid\":\"x\",\"userName\":\"   \"} | name_empty",
            "{\"type\":\"login\",\"openid\":\"x\",\"userName\":\"123456789012345678901234567890123\"} | name_too_long",
            "{\"type\":\"login\",\"openid\":\"x\",\"userName\":\"A\",\"userAvatar\":{}} | invalid_field",
            "{\"type\":\"message\",\"data\":\"hi\"}             | not_logged_in",
    })
    void badInputGetsAnErrorFrameAndTheConnectionStays(String frame, String code) {
        RecordingConnection other = loggedIn("o", "secret-openid-o", "Other");
        RecordingConnection c = connect("c1");
        room.onText("c1", frame.trim());
        c.assertError(code);
        assertNull(c.closedWith);
        room.onText("c1", Wire.PING_FRAME);
        assertEquals(Wire.PONG_FRAME, c.nextRaw(), "still answered after the error");
        other.assertNothingMore();
    }

    @Test
    void badChatFramesAfterLoginGetErrors() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-1", "Ann");
        room.onText("c1", "{\"type\":\"message\",\"data\":42}");
        ann.assertError("invalid_field");
        room.onText("c1", "{\"type\":\"message\"}");
        ann.assertError("invalid_field");
        say(ann, "   ");
        ann.assertError("message_empty");
        say(ann, "x".repeat(2001));
        ann.assertError("message_too_long");
        say(ann, "y".repeat(2000));
        assertEquals(2000, ann.next("message").path("data").asText().length());
        room.onText("c1", login("secret-openid-1", "Ann"));
        ann.assertError("already_logged_in");
        ann.assertNothingMore();
    }

    @Test
    void aNameOfExactly32CharactersIsAccepted() {
        RecordingConnection c = connect("c1");
        room.onText("c1", login("secret-openid-1", "x".repeat(32)));
        assertEquals("x".repeat(32), c.next("login").path("users").get(0).path("userName").asText());
    }

    @Test
    void aConnectionSilentForTheIdleTimeoutIsClosedAndLeaves() {
        RecordingConnection watcher = loggedIn("w", "secret-openid-w", "Watcher");
        RecordingConnection quiet = loggedIn("q", "secret-openid-q", "Quiet");
        watcher.next("join");

        clock.advance(10_000);
        room.onText("w", Wire.PING_FRAME); // the watcher keeps talking
        watcher.nextRaw();
        clock.advance(4_999);
        assertEquals(0, room.closeIdle());
        assertNull(quiet.closedWith);

        clock.advance(1);
        assertEquals(1, room.closeIdle());
        assertEquals(4000, quiet.closedWith);
        assertEquals("Quiet", watcher.next("leave").path("userName").asText());
        assertEquals(1, room.onlineUsers().size());
        assertEquals(1, room.connectionCount());

        room.onText("q", Wire.PING_FRAME); // a late frame from the reaped socket is dropped
        quiet.assertNothingMore();
        room.onClose("q", 4000, "idle timeout");
        watcher.assertNothingMore();
    }

    @Test
    void userTextIsCarriedVerbatim() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-1", "<b>Ann</b>");
        room.onText("c1", "{\"type\":\"message\",\"data\":\"<img src=x onerror=alert(1)> \\\"quoted\\\" \\u0000\"}");
        JsonNode m = ann.next("message");
        assertEquals("<img src=x onerror=alert(1)> \"quoted\" \u0000", m.path("data").asText());
        assertEquals("<b>Ann</b>", m.path("userName").asText());
    }
}
