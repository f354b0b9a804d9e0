package heartbeatchat.server;

import heartbeatchat.shared.protocol.Rooms;
import com.fasterxml.jackson.databind.JsonNode;
import heartbeatchat.server.store.InMemoryMessageStore;
import heartbeatchat.server.store.MessageStore;
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

/** The chat logic without sockets: recording connections, a fake clock, an in-memory store. */
class ChatRoomTest extends ChatRoomFixture {
    @Test
    void pingIsAnsweredWithPongBeforeAndAfterLogin() {
        RecordingConnection c = connect("c1");
        room.onText("c1", Wire.PING_FRAME);
        assertEquals(Wire.PONG_FRAME, c.nextRaw());
        room.onText("c1", login("secret-openid-000-1", "Ann"));
        c.next("login");
        room.onText("c1", "{\"type\":\"check\",\"data\":\"ping\",\"extra\":[1,2]}");
        assertEquals(Wire.PONG_FRAME, c.nextRaw());
        c.assertNothingMore();
    }

    @Test
    void loginReplyCarriesUserIdEpochOnlineUsersAndHistory() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-000-1", "Ann");
        say(ann, "hello");
        ann.next("message");

        RecordingConnection bob = connect("c2");
        room.onText("c2", login("secret-openid-000-2", "  Bob  "));
        JsonNode reply = bob.next("login");

        assertTrue(reply.path("ok").asBoolean());
        assertEquals(store.epoch(), reply.path("epoch").asText());
        String bobId = reply.path("userId").asText();
        assertEquals(22, bobId.length());
        assertEquals(List.of("Ann", "Bob"), reply.path("users").findValuesAsText("userName"));
        assertEquals(2, reply.path("usersTotal").asInt());
        assertEquals(bobId, reply.path("users").get(1).path("userId").asText());
        assertEquals(1, reply.path("history").size());
        assertEquals("hello", reply.path("history").get(0).path("data").asText());
        assertEquals("message", reply.path("history").get(0).path("type").asText());
        assertFalse(reply.has("gapTooLarge"));
        bob.assertNothingMore();

        JsonNode join = ann.next("join");
        assertEquals("Bob", join.path("userName").asText());
        assertEquals(bobId, join.path("userId").asText());
        assertEquals(wallClock.get(), join.path("time").asLong());
        ann.assertNothingMore();
    }

    @Test
    void theUserIdIsAKeyedHashOfTheOpenid() {
        UserIds ids = new UserIds("0123456789abcdef0123456789abcdef".getBytes());
        assertEquals(ids.userIdFor("a"), ids.userIdFor("a"));
        assertNotEquals(ids.userIdFor("a"), ids.userIdFor("b"));
        assertNotEquals(ids.userIdFor("a"), new UserIds("another secret of 32 bytes or so!".getBytes()).userIdFor("a"));
    }

    @Test
    void aMessageReachesEveryLoggedInConnectionIncludingTheSenderInSeqOrder() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-000-1", "Ann");
        RecordingConnection bob = loggedIn("c2", "secret-openid-000-2", "Bob");
        ann.next("join");
        RecordingConnection anonymous = connect("c3");

        say(ann, "one", "id-1");
        say(bob, "two");

        for (RecordingConnection c : List.of(ann, bob)) {
            JsonNode first = c.next("message");
            assertEquals(1, first.path("seq").asLong());
            assertEquals("one", first.path("data").asText());
            assertEquals("Ann", first.path("userName").asText());
            assertEquals("🐱", first.path("userAvatar").asText());
            assertEquals("id-1", first.path("clientMsgId").asText());
            assertEquals(wallClock.get(), first.path("time").asLong());
            JsonNode second = c.next("message");
            assertEquals(2, second.path("seq").asLong());
            assertEquals("Bob", second.path("userName").asText());
            assertFalse(second.has("clientMsgId"));
        }
        anonymous.assertNothingMore();
    }

    @Test
    void twoTabsOfOneUserJoinOnceAndLeaveWithTheLastTab() {
        RecordingConnection watcher = loggedIn("w", "secret-openid-000-w", "Watcher");
        RecordingConnection tab1 = loggedIn("t1", "secret-openid-000-1", "Ann");
        watcher.next("join");
        RecordingConnection tab2 = connect("t2");
        room.onText("t2", login("secret-openid-000-1", "Ann"));
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
    void aLoginWithoutLastSeqGetsTheLatestPage() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-000-1", "Ann");
        for (int i = 1; i <= 5; i++) {
            say(ann, "m" + i);
            ann.next("message");
        }
        RecordingConnection late = connect("c2");
        room.onText("c2", login("secret-openid-000-2", "Late"));
        JsonNode history = late.next("login").path("history");
        assertEquals(List.of("m3", "m4", "m5"), history.findValuesAsText("data"));
        assertEquals(List.of("3", "4", "5"), history.findValuesAsText("seq"));
    }

    private RecordingConnection resumeAfter(String id, long lastSeq, String epoch) {
        RecordingConnection c = connect(id);
        room.onText(id, "{\"type\":\"login\",\"userName\":\"Back\",\"openid\":\"secret-openid-000-back\",\"lastSeq\":"
                + lastSeq + (epoch == null ? "" : ",\"epoch\":\"" + epoch + "\"") + "}");
        return c;
    }

    @Test
    void aResumingLoginGetsExactlyTheMessagesAfterItsLastSeq() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-000-1", "Ann");
        for (int i = 1; i <= 5; i++) {
            say(ann, "m" + i);
            ann.next("message");
        }
        JsonNode reply = resumeAfter("r1", 2, store.epoch()).next("login");
        assertEquals(List.of("3", "4", "5"), reply.path("history").findValuesAsText("seq"));
        assertFalse(reply.has("gapTooLarge"));

        assertEquals(List.of(), resumeAfter("r2", 5, null).next("login").path("history").findValuesAsText("seq"));
        assertEquals(List.of("1", "2", "3", "4", "5"),
                resumeAfter("r3", 0, null).next("login").path("history").findValuesAsText("seq"),
                "the resume limit of 5 is not exceeded by 5 missed messages");
    }

    @Test
    void aGapOverTheResumeLimitGetsTheLatestPageAndSaysSo() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-000-1", "Ann");
        for (int i = 1; i <= 7; i++) {
            say(ann, "m" + i);
            ann.next("message");
        }
        JsonNode reply = resumeAfter("r1", 1, null).next("login");
        assertTrue(reply.path("gapTooLarge").asBoolean());
        assertEquals(List.of("5", "6", "7"), reply.path("history").findValuesAsText("seq"));
    }

    @Test
    void aLastSeqFromAnotherEpochIsIgnored() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-000-1", "Ann");
        for (int i = 1; i <= 4; i++) {
            say(ann, "m" + i);
            ann.next("message");
        }
        JsonNode reply = resumeAfter("r1", 4, "an-old-epoch").next("login");
        assertEquals(List.of("2", "3", "4"), reply.path("history").findValuesAsText("seq"));
    }

    @Test
    void aMessageSentWhileAResumingClientLogsInArrivesExactlyOnce() throws Exception {
        // the new message is in the store's queue while the login runs: it must come either in the
        // reply or as a broadcast, never both and never neither, however the two interleave
        RecordingConnection ann = loggedIn("c1", "secret-openid-000-1", "Ann");
        for (int round = 0; round < 30; round++) {
            long seq = round + 1;
            clock.advance(1_000); // within the rate limit
            say(ann, "r" + round);
            RecordingConnection back = resumeAfter("back" + round, round, null);
            JsonNode reply = back.next("login");
            ann.nextOfType("message"); // after this the broadcast has happened, to everyone or to no one
            List<String> inReply = reply.path("history").findValuesAsText("seq");
            if (inReply.isEmpty()) {
                assertEquals(seq, back.next("message").path("seq").asLong());
            } else {
                assertEquals(List.of(String.valueOf(seq)), inReply);
            }
            back.assertNothingMore();
            room.onClose("back" + round, 1000, "");
        }
    }

    @Test
    void aRetriedClientMsgIdIsStoredAndBroadcastOnceAndTheSenderGetsTheOriginal() throws Exception {
        RecordingConnection ann = loggedIn("c1", "secret-openid-000-1", "Ann");
        RecordingConnection bob = loggedIn("c2", "secret-openid-000-2", "Bob");
        ann.next("join");
        say(ann, "once", "abc");
        JsonNode original = ann.next("message");
        assertEquals(original, bob.next("message"));

        RecordingConnection annAgain = loggedIn("c3", "secret-openid-000-1", "Ann"); // reconnected, retrying
        say(annAgain, "once", "abc");
        assertEquals(original, annAgain.next("message"));

        say(bob, "marker");
        assertEquals("marker", ann.next("message").path("data").asText(), "the retry was not broadcast");
        assertEquals("marker", bob.next("message").path("data").asText());
        assertEquals(2, store.lastSeq(Rooms.LOBBY));

        say(bob, "bob's own abc", "abc");
        assertEquals(3, bob.next("message").path("seq").asLong(), "ids are per user");
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
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\"}              | invalid_field",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":[]} | invalid_field",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":\"   \"} | name_empty",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":\"123456789012345678901234567890123\"} | name_too_long",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":\"A\",\"userAvatar\":{}} | invalid_field",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":\"A\",\"lastSeq\":-1} | invalid_field",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":\"A\",\"lastSeq\":1.5} | invalid_field",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":\"A\",\"lastSeq\":\"7\"} | invalid_field",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":\"A\",\"lastSeq\":1e400} | invalid_field",
            "{\"type\":\"message\",\"data\":\"hi\"}             | not_logged_in",
            "{\"type\":\"message\",\"data\":\"hi\",\"clientMsgId\":7} | invalid_field",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":\"\\u0001\\u0007\"} | name_empty",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":\"A\\u0000\"} | invalid_field",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":\"A\\ud800\"} | invalid_field",
            "{\"type\":\"login\",\"openid\":\"x\",\"userName\":\"A\"} | openid_too_short",
            "{\"type\":\"login\",\"openid\":\"123456789012345\",\"userName\":\"A\"} | openid_too_short",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":\"Ann\\u202egpj.exe\"} | name_invalid_characters",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":\"A\\u200bB\"} | name_invalid_characters",
            "{\"type\":\"login\",\"openid\":\"xxxxxxxxxxxxxxxx\",\"userName\":\"A\\nB\"} | name_invalid_characters",
    })
    void badInputGetsAnErrorFrameAndTheConnectionStays(String frame, String code) {
        RecordingConnection other = loggedIn("o", "secret-openid-000-o", "Other");
        RecordingConnection c = connect("c1");
        room.onText("c1", frame.trim());
        c.assertError(code);
        assertNull(c.closedWith);
        room.onText("c1", Wire.PING_FRAME);
        assertEquals(Wire.PONG_FRAME, c.nextRaw(), "still answered after the error");
        other.assertNothingMore();
    }

    @Test
    void badChatFramesAfterLoginGetErrorsNamingTheirClientMsgId() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-000-1", "Ann");
        room.onText("c1", "{\"type\":\"message\",\"data\":42,\"clientMsgId\":\"k1\"}");
        assertEquals("k1", ann.assertError("invalid_field").path("clientMsgId").asText());
        room.onText("c1", "{\"type\":\"message\"}");
        assertFalse(ann.assertError("invalid_field").has("clientMsgId"));
        say(ann, "   ", "k2");
        assertEquals("k2", ann.assertError("message_empty").path("clientMsgId").asText());
        say(ann, "\\u0000\\t", "k4");
        assertEquals("k4", ann.assertError("message_empty").path("clientMsgId").asText());
        say(ann, "broken \\udc00 text", "k5");
        assertEquals("k5", ann.assertError("invalid_field").path("clientMsgId").asText());
        say(ann, "x".repeat(2001), "k3");
        assertEquals("k3", ann.assertError("message_too_long").path("clientMsgId").asText());
        say(ann, "y".repeat(2000));
        assertEquals(2000, ann.next("message").path("data").asText().length());
        room.onText("c1", login("secret-openid-000-1", "Ann"));
        ann.assertError("already_logged_in");
        ann.assertNothingMore();
    }

    @Test
    void olderMessagesComeInPagesBeforeASeqBackToTheRoomsFirst() throws Exception {
        for (int i = 1; i <= 120; i++) {
            store.append(List.of(new heartbeatchat.server.store.NewMessage(Rooms.LOBBY, i, "u", "U", "x", "m" + i, null)));
        }
        RecordingConnection ann = loggedIn("a", "secret-openid-000-1", "Ann");
        long before = 121;
        List<Long> firsts = new ArrayList<>();
        while (true) {
            room.onText("a", "{\"type\":\"history\",\"before\":" + before + "}");
            JsonNode page = ann.next("history");
            assertEquals(before, page.path("before").asLong());
            assertEquals("lobby", page.path("room").asText());
            JsonNode messages = page.path("messages");
            for (int i = 0; i < messages.size(); i++) {
                assertEquals(before - messages.size() + i, messages.get(i).path("seq").asLong(), "consecutive, oldest first");
                assertEquals("message", messages.get(i).path("type").asText());
            }
            firsts.add(messages.isEmpty() ? 0 : messages.get(0).path("seq").asLong());
            if (page.path("complete").asBoolean()) {
                break;
            }
            before = messages.get(0).path("seq").asLong();
        }
        assertEquals(List.of(71L, 21L, 1L), firsts, "pages of 50 until the first message");
        room.onText("a", "{\"type\":\"history\",\"before\":1}");
        JsonNode nothing = ann.next("history");
        assertEquals(0, nothing.path("messages").size());
        assertTrue(nothing.path("complete").asBoolean());
    }

    @Test
    void historyIsOnlyForLoggedInUsersOfARoomTheyAreIn() {
        RecordingConnection stranger = connect("s");
        room.onText("s", "{\"type\":\"history\",\"before\":5}");
        stranger.assertError("not_logged_in");
        RecordingConnection ann = loggedIn("a", "secret-openid-000-1", "Ann");
        room.onText("a", "{\"type\":\"history\",\"before\":5,\"room\":\"d0123456789abcdef\"}");
        ann.assertError("no_such_room");
        room.onText("a", "{\"type\":\"history\",\"before\":0}");
        ann.assertError("invalid_field");
        room.onText("a", "{\"type\":\"history\"}");
        ann.assertError("invalid_field");
        ann.assertNothingMore();
    }

    @Test
    void anOpenidOfSixteenCharactersIsTheShortestAccepted() {
        RecordingConnection c = connect("c1");
        room.onText("c1", login("secret-openid-16", "Ann")); // 16 characters
        assertTrue(c.next("login").path("ok").asBoolean());
    }

    @Test
    void aNameOfExactly32CharactersIsAccepted() {
        RecordingConnection c = connect("c1");
        room.onText("c1", login("secret-openid-000-1", "x".repeat(32)));
        assertEquals("x".repeat(32), c.next("login").path("users").get(0).path("userName").asText());
    }

    @Test
    void aConnectionThatAnswersNothingIsPingedAfterTenSecondsAndClosedAfterFifteen() {
        RecordingConnection watcher = loggedIn("w", "secret-openid-000-w", "Watcher");
        RecordingConnection quiet = loggedIn("q", "secret-openid-000-q", "Quiet");
        watcher.next("join");

        clock.advance(9_999);
        assertEquals(0, room.sweep());
        assertEquals(0, quiet.pings, "not pinged before two thirds of the idle timeout");
        room.onText("w", Wire.PING_FRAME); // the watcher keeps talking
        watcher.nextRaw();
        clock.advance(1);
        assertEquals(0, room.sweep());
        assertEquals(1, quiet.pings, "a protocol ping after 10 s of silence");
        assertEquals(0, watcher.pings, "a connection that talks is not pinged");
        clock.advance(4_999);
        assertEquals(0, room.sweep());
        assertEquals(1, quiet.pings, "one ping per silence");
        assertNull(quiet.closedWith);

        clock.advance(1);
        assertEquals(1, room.sweep());
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
    void aReaderThatNeverTypesStaysForMinutesInABusyRoomByAnsweringProtocolPings() {
        RecordingConnection talker = loggedIn("t", "secret-openid-000-t", "Talker");
        RecordingConnection reader = loggedIn("r", "secret-openid-000-r", "Reader");
        talker.next("join");

        // five minutes: a message every 2 s, a sweep every 1.5 s (the server's rate for a 15 s
        // timeout); the reader sends nothing but the pong its WebSocket answers every ping with
        int answered = 0;
        for (long t = 500; t <= 300_000; t += 500) {
            clock.advance(500);
            if (t % 2_000 == 0) {
                say(talker, "message " + t);
            }
            if (t % 1_500 == 0) {
                assertEquals(0, room.sweep(), "nobody reaped at " + t + " ms");
            }
            for (; answered < reader.pings; answered++) {
                room.onPong("r");
            }
        }
        assertNull(reader.closedWith);
        assertNull(talker.closedWith);
        assertEquals(0, talker.pings, "a connection that talks is never pinged");
        // pinged once per 10 s of silence, at the next sweep: every 10.5 s
        assertEquals(300_000 / 10_500, reader.pings);
        assertEquals(2, room.onlineUsers().size());
    }

    @Test
    void aPongAfterTheLastSweepSavesTheConnectionAndAPongFromAClosedOneIsIgnored() {
        RecordingConnection reader = loggedIn("r", "secret-openid-000-r", "Reader");
        clock.advance(10_000);
        room.sweep();
        assertEquals(1, reader.pings);
        clock.advance(4_999);
        room.onPong("r"); // just in time
        clock.advance(1);
        assertEquals(0, room.sweep());
        assertNull(reader.closedWith);
        clock.advance(9_999);
        assertEquals(0, room.sweep());
        assertEquals(2, reader.pings, "pinged again 10 s after the pong");
        clock.advance(5_000);
        assertEquals(1, room.sweep(), "nothing for 15 s after the pong");
        room.onPong("r"); // too late: reaped already
        assertEquals(4000, reader.closedWith);
        assertEquals(0, room.connectionCount());
    }

    @Test
    void aConnectionThatDoesNotLogInWithinTenSecondsIsClosedWith4001() {
        RecordingConnection lurker = connect("l");
        clock.advance(5_000);
        room.onText("l", Wire.PING_FRAME); // pinging is not logging in
        lurker.nextRaw();
        clock.advance(4_999);
        assertEquals(0, room.sweep());
        clock.advance(1);
        assertEquals(1, room.sweep());
        assertEquals(4001, lurker.closedWith);
        assertEquals(0, room.connectionCount());
    }

    @Test
    void userTextIsCarriedVerbatim() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-000-1", "<b>Ann</b>");
        room.onText("c1", "{\"type\":\"message\",\"data\":\"<img src=x onerror=alert(1)> \\\"quoted\\\" \\u0001\"}");
        JsonNode m = ann.next("message");
        assertEquals("<img src=x onerror=alert(1)> \"quoted\" \u0001", m.path("data").asText());
        assertEquals("<b>Ann</b>", m.path("userName").asText());
    }

    @Test
    void aBigRoomListsAPageOfUsersAndStopsAnnouncingJoinsAndLeaves() {
        // the fixture's presence limit is 4
        RecordingConnection first = loggedIn("u1", "secret-openid-000-1", "One");
        for (int i = 2; i <= 4; i++) {
            loggedIn("u" + i, "secret-openid-000-" + i, "User" + i);
            assertEquals("User" + i, first.next("join").path("userName").asText());
        }
        RecordingConnection fifth = connect("u5");
        room.onText("u5", login("secret-openid-000-5", "Five"));
        JsonNode reply = fifth.next("login");
        assertEquals(4, reply.path("users").size());
        assertEquals(5, reply.path("usersTotal").asInt());
        room.onClose("u5", 1000, "");
        first.assertNothingMore(); // neither the fifth join nor its leave went to everyone
        room.onClose("u4", 1000, "");
        assertEquals("User4", first.next("leave").path("userName").asText());
    }

    @Test
    void theListedPageFollowsLeavesAndRenamesOfListedUsersOnly() {
        // the fixture's presence limit is 4: One, User2, User3, User4 are listed, Five and Six are not
        loggedIn("u1", "secret-openid-000-1", "One");
        for (int i = 2; i <= 4; i++) {
            loggedIn("u" + i, "secret-openid-000-" + i, "User" + i);
        }
        loggedIn("u5", "secret-openid-000-5", "Five");
        loggedIn("u6", "secret-openid-000-6", "Six");
        assertEquals(List.of("One", "User2", "User3", "User4"), listedNames("p1", "secret-openid-000-7", "Seven"));

        room.onClose("u2", 1000, ""); // Five moves up onto the page
        assertEquals(List.of("One", "User3", "User4", "Five"), listedNames("p2", "secret-openid-000-8", "Eight"));

        loggedIn("u3b", "secret-openid-000-3", "Three renamed"); // a listed user logs in again with a new name
        loggedIn("u6b", "secret-openid-000-6", "Six renamed"); // an unlisted one too
        assertEquals(List.of("One", "Three renamed", "User4", "Five"), listedNames("p3", "secret-openid-000-9", "Nine"));
    }

    private List<String> listedNames(String connectionId, String openid, String name) {
        RecordingConnection c = connect(connectionId);
        room.onText(connectionId, login(openid, name));
        List<String> names = new ArrayList<>();
        c.next("login").path("users").forEach(u -> names.add(u.path("userName").asText()));
        return names;
    }
}
