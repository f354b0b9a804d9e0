package heartbeatchat.server;

import com.fasterxml.jackson.databind.JsonNode;
import heartbeatchat.server.it.LoginReplies;
import heartbeatchat.server.store.MessageStore;
import heartbeatchat.shared.protocol.Rooms;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rooms, direct conversations, typing and read positions on a {@link ChatRoom} without sockets. */
class ChatRoomRoomsTest extends ChatRoomFixture {
    private static final String ANN = "secret-openid-ann-0001";
    private static final String BOB = "secret-openid-bob-0001";
    private static final String EVE = "secret-openid-eve-0001";

    {
        ignoredTypes = java.util.Set.of("join", "leave", "members"); // who comes online is tested elsewhere
    }

    /** Connects and logs in as a client that knows rooms, naming none; the login reply is consumed. */
    private RecordingConnection withRooms(String id, String openid, String name) {
        loggedInWithRooms(id, openid, name, "{}");
        return connection(id);
    }

    private String createRoom(RecordingConnection c, String name) {
        room.onText(c.id(), "{\"type\":\"createRoom\",\"name\":\"" + name + "\"}");
        return c.next("room").path("room").asText();
    }

    private JsonNode join(RecordingConnection c, String roomId) {
        room.onText(c.id(), "{\"type\":\"joinRoom\",\"room\":\"" + roomId + "\"}");
        return c.next();
    }

    private void sayIn(RecordingConnection c, String roomId, String text, String clientMsgId) {
        room.onText(c.id(), "{\"type\":\"message\",\"room\":\"" + roomId + "\",\"data\":\"" + text
                + "\",\"clientMsgId\":\"" + clientMsgId + "\"}");
    }

    @Test
    void aCreatedRoomIsListedJoinedAndItsMessagesReachOnlyItsMembers() {
        JsonNode annLogin = loggedInWithRooms("a", ANN, "Ann", "{}");
        RecordingConnection ann = connection("a");
        RecordingConnection bob = withRooms("b", BOB, "Bob");
        RecordingConnection eve = withRooms("e", EVE, "Eve");
        RecordingConnection note = loggedIn("n", "secret-openid-note-01", "Note"); // names no rooms
        ann.ignoredTypes = java.util.Set.of("join", "leave"); // this test follows the member count
        assertEquals(1, annLogin.path("rooms").size(), "only the lobby at first");
        assertEquals(Rooms.LOBBY, annLogin.path("rooms").get(0).path("room").asText());

        room.onText("a", "{\"type\":\"createRoom\",\"name\":\"  Design  \"}");
        JsonNode created = ann.next("room");
        String design = created.path("room").asText();
        assertEquals("Design", created.path("name").asText(), "trimmed");
        assertEquals(1, created.path("members").asInt());
        assertEquals(0, created.path("lastSeq").asLong());
        assertTrue(design.startsWith("r") && design.length() >= 17, design);

        room.onText("e", "{\"type\":\"rooms\"}");
        JsonNode list = eve.next("rooms").path("rooms");
        assertEquals(2, list.size());
        assertEquals(Rooms.LOBBY, list.get(0).path("room").asText());
        assertEquals(design, list.get(1).path("room").asText());
        assertFalse(list.get(1).path("joined").asBoolean());

        JsonNode joined = join(bob, design);
        assertEquals("room", joined.path("type").asText());
        assertEquals(2, joined.path("members").asInt());
        JsonNode count = ann.next("members");
        assertEquals(design, count.path("room").asText());
        assertEquals(2, count.path("members").asInt(), "the other members hear of the new count");
        join(bob, design); // again: nothing changes, nobody is told

        sayIn(ann, design, "first in design", "c1");
        JsonNode atAnn = ann.next("message");
        assertEquals(design, atAnn.path("room").asText());
        assertEquals(1, atAnn.path("seq").asLong(), "a room's seq starts at 1");
        assertEquals("first in design", bob.next("message").path("data").asText());
        say(ann, "in the lobby");
        assertEquals(Rooms.LOBBY, note.next("message").path("room").asText());
        assertEquals("in the lobby", eve.next("message").path("data").asText(), "Eve's first message is the lobby's");
        ann.next("message");
        bob.next("message");
        room.onText("b", "{\"type\":\"leaveRoom\",\"room\":\"" + design + "\"}");
        assertEquals(design, bob.next("left").path("room").asText());
        assertEquals(1, ann.next("members").path("members").asInt());
        ann.assertNothingMore();
        bob.assertNothingMore();
        eve.assertNothingMore();
        note.assertNothingMore();
    }

    @Test
    void aRoomOneIsNotInAndARoomThatDoesNotExistAnswerAlike() {
        RecordingConnection ann = withRooms("a", ANN, "Ann");
        RecordingConnection eve = withRooms("e", EVE, "Eve");
        String secret = createRoom(ann, "Secret");
        room.onText("a", "{\"type\":\"openDirect\",\"userId\":\"" + userIdOf("e") + "\"}");
        ann.next("room");
        eve.next("room");
        room.onText("a", "{\"type\":\"leaveRoom\",\"room\":\"" + secret + "\"}"); // Ann is in neither now
        assertEquals(secret, ann.next("left").path("room").asText());
        List<String> answers = new ArrayList<>();
        for (String id : List.of(secret, "r0000000000000000", "nonsense")) {
            sayIn(ann, id, "hello", "x-" + id);
            answers.add(ann.assertError("no_such_room").toString().replace("x-" + id, "ID"));
            room.onText("a", "{\"type\":\"history\",\"room\":\"" + id + "\",\"before\":5}");
            answers.add(ann.assertError("no_such_room").toString());
            room.onText("a", "{\"type\":\"typing\",\"room\":\"" + id + "\"}");
            answers.add(ann.assertError("no_such_room").toString());
            room.onText("a", "{\"type\":\"read\",\"room\":\"" + id + "\",\"seq\":1}");
            answers.add(ann.assertError("no_such_room").toString());
            room.onText("a", "{\"type\":\"leaveRoom\",\"room\":\"" + id + "\"}");
            answers.add(ann.assertError("no_such_room").toString());
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(answers.get(i), answers.get(i + 5), "a left room answers as an unknown one");
            assertEquals(answers.get(i), answers.get(i + 10));
        }
        ann.assertNothingMore();
    }

    private String userIdOf(String connectionId) {
        for (String frame : connection(connectionId).all) {
            if (frame.startsWith("{\"type\":\"login\"")) {
                return frame.replaceAll(".*\"userId\":\"([^\"]+)\".*", "$1");
            }
        }
        throw new AssertionError("no login reply for " + connectionId);
    }

    @Test
    void aDirectConversationIsTheSameForBothAndNobodyElseGetsIn() {
        RecordingConnection ann = withRooms("a", ANN, "Ann");
        RecordingConnection bob = withRooms("b", BOB, "Bob");
        RecordingConnection eve = withRooms("e", EVE, "Eve");

        room.onText("a", "{\"type\":\"openDirect\",\"userId\":\"" + userIdOf("b") + "\"}");
        JsonNode atAnn = ann.next("room");
        JsonNode atBob = bob.next("room");
        String dm = atAnn.path("room").asText();
        assertEquals(dm, atBob.path("room").asText());
        assertTrue(atAnn.path("direct").asBoolean());
        assertEquals("Bob", atAnn.path("with").path("userName").asText());
        assertEquals("Ann", atBob.path("with").path("userName").asText());
        room.onText("b", "{\"type\":\"openDirect\",\"userId\":\"" + userIdOf("a") + "\"}");
        assertEquals(dm, bob.next("room").path("room").asText(), "the same conversation whichever opens it");
        ann.next("room");

        sayIn(ann, dm, "just us", "d1");
        assertEquals("just us", bob.next("message").path("data").asText());
        ann.next("message");
        JsonNode refused = join(eve, dm);
        assertEquals("no_such_room", refused.path("code").asText(), refused.toString());
        room.onText("e", "{\"type\":\"rooms\"}");
        assertFalse(eve.next("rooms").toString().contains(dm), "a direct conversation is never listed to others");
        room.onText("e", "{\"type\":\"history\",\"room\":\"" + dm + "\",\"before\":2}");
        eve.assertError("no_such_room");
        JsonNode eveAgain = loggedInWithRooms("e2", EVE, "Eve", "{\"" + dm + "\":0}"); // a resume naming it
        assertFalse(eveAgain.toString().contains(dm) || eveAgain.toString().contains("just us"), eveAgain.toString());
        eve.assertNothingMore();
        assertFalse(String.join("", eve.all).contains("just us"));
    }

    @Test
    void aDirectConversationNeedsSomeoneKnownAndNotOneself() {
        RecordingConnection ann = withRooms("a", ANN, "Ann");
        room.onText("a", "{\"type\":\"openDirect\",\"userId\":\"u-nobody-at-all\"}");
        ann.assertError("no_such_user");
        room.onText("a", "{\"type\":\"openDirect\",\"userId\":\"" + userIdOf("a") + "\"}");
        ann.assertError("invalid_field");
        ann.assertNothingMore();
    }

    @Test
    void aLoginResumesEachRoomAfterItsOwnSeqWithUnreadCounts() {
        RecordingConnection ann = withRooms("a", ANN, "Ann");
        RecordingConnection bob = withRooms("b", BOB, "Bob");
        String ops = createRoom(ann, "Ops");
        join(bob, ops);
        for (int i = 1; i <= 4; i++) {
            sayIn(ann, ops, "ops " + i, "o" + i);
            ann.next("message");
            bob.next("message");
        }
        room.onText("b", "{\"type\":\"read\",\"room\":\"" + ops + "\",\"seq\":3}");
        JsonNode read = ann.next("read");
        assertEquals(userIdOf("b"), read.path("userId").asText());
        assertEquals(3, read.path("seq").asLong());
        assertEquals(3, bob.next("read").path("seq").asLong(), "the reader's own connections follow too");
        room.onText("b", "{\"type\":\"read\",\"room\":\"" + ops + "\",\"seq\":2}"); // late, from another tab
        room.onText("b", "{\"type\":\"read\",\"room\":\"" + ops + "\",\"seq\":99}"); // past the end
        assertEquals(4, ann.next("read").path("seq").asLong(), "clamped to the last message");
        bob.next("read");

        JsonNode resumed = loggedInWithRooms("b2", BOB, "Bob", "{\"" + ops + "\":2}");
        JsonNode entry = LoginReplies.entry(resumed, ops);
        assertEquals(List.of(3L, 4L), LoginReplies.seqs(entry.path("history")), "exactly what was missed");
        assertEquals(4, entry.path("read").asLong());
        assertEquals(0, entry.path("unread").asLong());
        assertEquals(4, entry.path("reads").path(userIdOf("b")).asLong());
        JsonNode fresh = loggedInWithRooms("a2", ANN, "Ann", "{}");
        assertEquals(fresh.path("usersTotal").asInt(), LoginReplies.entry(fresh, "lobby").path("members").asInt(),
                "the lobby's members are who is online");
        JsonNode newcomer = loggedInWithRooms("e1", EVE, "Eve", "{}");
        assertEquals(newcomer.path("usersTotal").asInt(), LoginReplies.entry(newcomer, "lobby").path("members").asInt(),
                "the one logging in included, when they were not online before");
        JsonNode annEntry = LoginReplies.entry(fresh, ops);
        assertEquals(List.of(2L, 3L, 4L), LoginReplies.seqs(annEntry.path("history")), "a room not named: its latest page (of 3)");
        assertEquals(4, annEntry.path("unread").asLong(), "Ann never reported reading it");
        JsonNode fromStore = LoginReplies.entry(loggedInWithRooms("a3", ANN, "Ann", "{\"" + ops + "\":0}"), ops);
        assertEquals(List.of(1L, 2L, 3L, 4L), LoginReplies.seqs(fromStore.path("history")), "more than memory keeps: read from the store");
        assertFalse(fromStore.has("gapTooLarge"));
        for (int i = 5; i <= 6; i++) {
            sayIn(ann, ops, "ops " + i, "o" + i);
            ann.next("message");
        }
        JsonNode gap = LoginReplies.entry(loggedInWithRooms("a4", ANN, "Ann", "{\"" + ops + "\":0}"), ops);
        assertTrue(gap.path("gapTooLarge").asBoolean(), "6 missed, resume limit 5");
        assertEquals(List.of(4L, 5L, 6L), LoginReplies.seqs(gap.path("history")));
    }



    @Test
    void typingReachesTheOtherMembersThatKnowRoomsOnly() {
        RecordingConnection ann = withRooms("a", ANN, "Ann");
        RecordingConnection bob = withRooms("b", BOB, "Bob");
        RecordingConnection eve = withRooms("e", EVE, "Eve");
        RecordingConnection note = loggedIn("n", "secret-openid-note-01", "Note");
        String ops = createRoom(ann, "Ops");
        join(bob, ops);
        room.onText("a", "{\"type\":\"typing\",\"room\":\"" + ops + "\"}");
        JsonNode typing = bob.next("typing");
        assertEquals(ops, typing.path("room").asText());
        assertEquals("Ann", typing.path("userName").asText());
        room.onText("a", "{\"type\":\"typing\",\"room\":\"lobby\"}");
        assertEquals("lobby", bob.next("typing").path("room").asText());
        assertEquals("lobby", eve.next("typing").path("room").asText());
        ann.assertNothingMore();
        note.assertNothingMore();
        eve.assertNothingMore();
    }

    @Test
    void readPositionsSurviveARestart() throws Exception {
        RecordingConnection ann = withRooms("a", ANN, "Ann");
        String ops = createRoom(ann, "Ops");
        sayIn(ann, ops, "one", "o1");
        sayIn(ann, ops, "two", "o2");
        ann.next("message");
        ann.next("message");
        room.onText("a", "{\"type\":\"read\",\"room\":\"" + ops + "\",\"seq\":1}");
        ann.next("read");
        room.close(); // writes what is pending
        room = newRoom(SETTINGS);
        JsonNode again = loggedInWithRooms("a2", ANN, "Ann", "{}");
        JsonNode entry = LoginReplies.entry(again, ops);
        assertEquals(1, entry.path("read").asLong());
        assertEquals(1, entry.path("unread").asLong());
        assertEquals("Ops", entry.path("name").asText());
    }

    @Test
    void aRestartReadsAPublicRoomsHistoryWhenFirstNeededAndOnce() throws Exception {
        RecordingConnection ann = withRooms("a", ANN, "Ann");
        String ops = createRoom(ann, "Ops");
        sayIn(ann, ops, "one", "o1");
        ann.next("message");
        room.close();
        List<String> pagesRead = new ArrayList<>();
        MessageStore real = store;
        store = (MessageStore) java.lang.reflect.Proxy.newProxyInstance(MessageStore.class.getClassLoader(),
                new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    boolean page = method.getName().equals("latest") || method.getName().equals("before");
                    if (page && !Rooms.LOBBY.equals(args[0]) && (int) args[args.length - 1] > 1) {
                        pagesRead.add((String) args[0]);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        room = newRoom(SETTINGS);
        assertEquals(List.of(), pagesRead, "no public room's messages read before the first login");

        RecordingConnection annAgain = withRooms("a2", ANN, "Ann");
        sayIn(annAgain, ops, "two", "o2"); // stored while the room's history is not in memory
        assertEquals("two", annAgain.next("message").path("data").asText());
        RecordingConnection bob = withRooms("b", BOB, "Bob");
        JsonNode joined = join(bob, ops);
        List<String> history = new ArrayList<>();
        joined.path("history").forEach(m -> history.add(m.path("data").asText()));
        assertEquals(List.of("one", "two"), history, "the room's page, read from the store when first needed: " + joined);
        assertEquals(List.of(ops), pagesRead, "read once");
        sayIn(bob, ops, "three", "b3");
        assertEquals("three", bob.next("message").path("data").asText());
        JsonNode again = join(withRooms("e", EVE, "Eve"), ops);
        List<String> later = new ArrayList<>();
        again.path("history").forEach(m -> later.add(m.path("data").asText()));
        assertEquals(List.of("one", "two", "three"), later, "kept in memory from then on");
        assertEquals(List.of(ops), pagesRead, "still read once");
    }

    @Test
    void limitsOnRoomsMembersAndDirectConversations() {
        room.close();
        room = newRoom(SETTINGS, new RoomLimits(2, 1, 2, 1, 8));
        RecordingConnection ann = withRooms("a", ANN, "Ann");
        RecordingConnection bob = withRooms("b", BOB, "Bob");
        RecordingConnection eve = withRooms("e", EVE, "Eve");
        room.onText("a", "{\"type\":\"createRoom\",\"name\":\"Too long a name\"}");
        ann.assertError("name_too_long");
        room.onText("a", "{\"type\":\"createRoom\",\"name\":\"   \"}");
        ann.assertError("name_empty");
        room.onText("a", "{\"type\":\"createRoom\",\"name\":\"a\\u202Eb\"}");
        ann.assertError("name_invalid_characters");
        String one = createRoom(ann, "One");
        room.onText("a", "{\"type\":\"createRoom\",\"name\":\"Two\"}");
        ann.assertError("membership_limit");
        createRoom(bob, "Two");
        room.onText("e", "{\"type\":\"createRoom\",\"name\":\"Three\"}");
        eve.assertError("room_limit");
        join(eve, one);
        loggedInWithRooms("x", "secret-openid-xavier-01", "Xavier", "{}");
        assertEquals("room_full", join(connection("x"), one).path("code").asText());
        room.onText("a", "{\"type\":\"leaveRoom\",\"room\":\"lobby\"}");
        ann.assertError("cannot_leave");
        room.onText("a", "{\"type\":\"openDirect\",\"userId\":\"" + userIdOf("b") + "\"}");
        String dm = ann.next("room").path("room").asText();
        bob.next("room");
        room.onText("a", "{\"type\":\"leaveRoom\",\"room\":\"" + dm + "\"}");
        ann.assertError("cannot_leave");
        room.onText("a", "{\"type\":\"openDirect\",\"userId\":\"" + userIdOf("e") + "\"}");
        ann.assertError("direct_limit");
        room.onText("e", "{\"type\":\"openDirect\",\"userId\":\"" + userIdOf("b") + "\"}");
        eve.assertError("direct_limit"); // Bob has his one
        assertNotEquals(one, dm);
    }

    @Test
    void lobbyReceiptsStayWithTheReaderAndLobbyTypingStopsAboveThePresenceLimit() {
        RecordingConnection ann = withRooms("a", ANN, "Ann");
        RecordingConnection annTab = withRooms("a2", ANN, "Ann");
        RecordingConnection bob = withRooms("b", BOB, "Bob");
        for (int i = 1; i <= 3; i++) {
            say(bob, "lobby " + i);
            ann.next("message");
            annTab.next("message");
            bob.next("message");
        }
        room.onText("a", "{\"type\":\"read\",\"room\":\"lobby\",\"seq\":2}");
        assertEquals(2, ann.next("read").path("seq").asLong());
        assertEquals(2, annTab.next("read").path("seq").asLong(), "the reader's other tab follows");
        bob.assertNothingMore(); // lobby receipts are not shared
        JsonNode lobby = LoginReplies.entry(loggedInWithRooms("a3", ANN, "Ann", "{}"), "lobby");
        assertEquals(2, lobby.path("read").asLong());
        assertEquals(1, lobby.path("unread").asLong());
        assertFalse(lobby.has("history"), "the lobby's history is the reply's own");

        room.onText("b", "{\"type\":\"typing\",\"room\":\"lobby\"}");
        assertEquals("Bob", ann.next("typing").path("userName").asText(), "3 users online, limit 4: relayed");
        withRooms("c", "secret-openid-cy-00001", "Cy");
        withRooms("d", "secret-openid-dan-0001", "Dan");
        withRooms("e", EVE, "Eve"); // 5 users online, above the limit of 4
        room.onText("b", "{\"type\":\"typing\",\"room\":\"lobby\"}");
        say(bob, "after typing"); // what Ann receives next is the message, not a typing frame
        assertEquals("after typing", ann.nextOfType("message").path("data").asText());
        assertFalse(String.join("", ann.all).split("\"type\":\"typing\"").length > 2, "one typing frame in all");
        bob.nextOfType("message");
        bob.assertNothingMore(); // and no error for it either
    }
}
