package heartbeatchat.shared.session;

import heartbeatchat.shared.outbox.Outbox;
import heartbeatchat.shared.outbox.OutboxEntry;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.RoomEntry;
import heartbeatchat.shared.protocol.ServerFrame;
import heartbeatchat.shared.protocol.TokenBucket;
import heartbeatchat.shared.protocol.UserInfo;
import heartbeatchat.shared.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's chat logic on a fake clock: exact delays, no sleeping. */
class ChatSessionTest {
    private final FakeClock clock = new FakeClock();
    private final List<String> sent = new ArrayList<>();
    private final List<String> typingChanges = new ArrayList<>();
    private final ChatSession session = new ChatSession(clock, clock, new ChatSession.Listener() {
        @Override
        public void sendTyping(String room) {
            sent.add("typing " + room + " @" + clock.nowMillis());
        }

        @Override
        public void sendRead(String room, long seq) {
            sent.add("read " + room + " " + seq + " @" + clock.nowMillis());
        }

        @Override
        public void roomsChanged() {
        }

        @Override
        public void typingChanged(String room) {
            typingChanges.add(room + ": " + session.typingText(room));
        }

        @Override
        public void seenChanged(String room) {
        }
    });

    /** What the outbox sent, as "clientMsgId room @ms". */
    private final List<String> outboxSent = new ArrayList<>();
    private final Outbox outbox = new Outbox(clock, new TokenBucket(clock, 15, 4), 2_000, new Outbox.Port() {
        @Override
        public boolean send(OutboxEntry entry) {
            outboxSent.add(entry.clientMsgId() + " " + entry.room() + " @" + clock.nowMillis());
            return true;
        }

        @Override
        public void save(List<OutboxEntry> entries) {
        }
    }, List.of());

    {
        session.useOutbox(outbox);
    }

    private static RoomEntry room(String id, long lastSeq, long read) {
        return new RoomEntry(id, "Room " + id, false, null, 3, lastSeq, 0, read, Map.of(), false, List.of());
    }

    private ChatSession.Arrival arrive(String room, long seq, String userId, String clientMsgId) {
        return session.onMessage(new ChatMessage(room, seq, 1_000, userId, userId, "", "text " + seq, clientMsgId));
    }

    private void loggedInWith(RoomEntry... entries) {
        session.onLoginReply("me", "epoch-1");
        for (RoomEntry e : entries) {
            session.onRoom(e);
        }
    }

    @Test
    void typingIsSentAtMostOnceEveryThreeSecondsAndAgainAtOnceAfterSending() {
        loggedInWith(room("ops", 0, 0));
        session.keyPressed();
        clock.advance(2_999);
        session.keyPressed();
        clock.advance(1);
        session.keyPressed();
        clock.advance(10);
        session.messageSent();
        session.keyPressed();
        session.open("ops");
        session.keyPressed(); // another room: at once
        assertEquals(List.of("typing lobby @0", "typing lobby @3000", "typing lobby @3010", "typing ops @3010"), sent);
    }

    @Test
    void someoneTypingShowsUntilFiveSecondsAfterTheirLastFrameOrUntilTheirMessage() {
        loggedInWith(room("ops", 0, 0));
        session.onTyping("ops", "ann", "Ann");
        assertEquals("Ann is typing…", session.typingText("ops"));
        clock.advance(3_000);
        session.onTyping("ops", "ann", "Ann"); // renewed: now until 8,000
        session.onTyping("ops", "bob", "Bob");
        assertEquals("Ann and Bob are typing…", session.typingText("ops"));
        session.onTyping("ops", "cy", "Cy");
        assertEquals("Several people are typing…", session.typingText("ops"));
        arrive("ops", 1, "cy", null);
        assertEquals("Ann and Bob are typing…", session.typingText("ops"), "a message from Cy ends Cy's typing at once");
        clock.advance(4_999);
        assertEquals("Ann and Bob are typing…", session.typingText("ops"));
        clock.advance(1);
        assertEquals("", session.typingText("ops"), "both gone at exactly 8,000 ms");
        assertEquals("", session.typingText("lobby"), "per room");
        session.onTyping("ops", "me", "Me");
        assertEquals("", session.typingText("ops"), "one's own typing is never shown");
        assertEquals(List.of("ops: Ann is typing…", "ops: Ann and Bob are typing…", "ops: Several people are typing…",
                "ops: Ann and Bob are typing…", "ops: Bob is typing…", "ops: "), typingChanges);
    }

    @Test
    void unreadCountsComeFromTheReadPositionAndOpeningARoomReadsIt() {
        loggedInWith(room("ops", 10, 4), room("dev", 2, 2));
        assertEquals(6, session.roomState("ops").unread());
        assertEquals(0, session.roomState("dev").unread());
        arrive("dev", 3, "ann", null);
        arrive("dev", 4, "ann", null);
        arrive("dev", 5, "me", "c1");
        assertEquals(0, session.roomState("dev").unread(), "one's own message: everything before it is read too");
        arrive("dev", 6, "ann", null);
        assertEquals(7, session.totalUnread());
        assertTrue(sent.isEmpty(), "nothing in the open room (the lobby) was shown");
        session.open("dev");
        assertEquals(0, session.roomState("dev").unread());
        assertEquals(6, session.totalUnread());
        assertEquals(List.of("read dev 6 @0"), sent);
        session.onRead("ops", "me", 10); // read in another tab
        assertEquals(0, session.totalUnread());
    }

    @Test
    void readPositionsAreReportedAtOnceThenAtMostOncePerSecondAndNotWhileHidden() {
        loggedInWith(room("ops", 0, 0));
        session.open("ops");
        arrive("ops", 1, "ann", null);
        clock.advance(100);
        arrive("ops", 2, "ann", null);
        clock.advance(100);
        arrive("ops", 3, "ann", null);
        clock.advance(799);
        assertEquals(List.of("read ops 1 @0"), sent);
        clock.advance(1);
        assertEquals(List.of("read ops 1 @0", "read ops 3 @1000"), sent, "the latest, when the second is up");
        session.setVisible(false);
        clock.advance(5_000);
        arrive("ops", 4, "ann", null);
        assertEquals(1, session.roomState("ops").unread(), "a hidden page has not shown it to anyone");
        clock.advance(5_000);
        session.setVisible(true);
        assertEquals(0, session.roomState("ops").unread());
        assertEquals("read ops 4 @11000", sent.get(sent.size() - 1));
        assertEquals(3, sent.size());
    }

    @Test
    void eachRoomResumesFromItsOwnLastSeqAndRepeatsAreNotShown() {
        loggedInWith(room("ops", 0, 0));
        outbox.add("c1", "ops", "hello");
        assertTrue(arrive("ops", 1, "ann", null).show());
        assertTrue(arrive("lobby", 1, "ann", null).show(), "the lobby counts on its own");
        assertTrue(arrive("lobby", 2, "ann", null).show());
        assertFalse(arrive("ops", 1, "ann", null).show(), "a repeat after a resume overlap");
        ChatSession.Arrival mine = arrive("ops", 2, "me", "c1");
        assertTrue(mine.mine() && mine.confirmedPending() && !mine.inOpenRoom());
        assertEquals(Map.of("lobby", 2L, "ops", 2L), session.resumePositions());
        assertEquals(2, session.lobbyLastShown());
        assertEquals(ChatSession.EpochChange.SAME, session.onLoginReply("me", "epoch-1"));
        assertEquals(ChatSession.EpochChange.RESET, session.onLoginReply("me", "epoch-2"));
        assertEquals(Map.of(), session.resumePositions(), "a new sequence: start over everywhere");
        session.onLeft("ops");
        session.onLeft("lobby");
        assertEquals(List.of("lobby"), session.rooms().stream().map(ClientRoom::id).toList(), "the lobby is never left");
    }

    @Test
    void seenShowsUnderOnesLatestMessageOnceOthersHaveReadIt() {
        session.onLoginReply("me", "epoch-1");
        session.onRoom(new RoomEntry("dm", "", true, new UserInfo("bob", "Bob", "🐻"), 2, 0, 0, 0, Map.of("bob", 0L), false, List.of()));
        session.onRoom(room("ops", 0, 0));
        arrive("dm", 1, "me", "c1");
        assertEquals("", session.seenText("dm"));
        session.onRead("dm", "bob", 1);
        assertEquals("Seen", session.seenText("dm"));
        assertEquals(1, session.mySeenSeq("dm"));
        assertEquals("Bob", session.roomState("dm").title());
        arrive("ops", 1, "me", "c2");
        arrive("ops", 2, "ann", null);
        arrive("ops", 3, "me", "c3");
        session.onRead("ops", "ann", 2);
        assertEquals("", session.seenText("ops"), "Ann has not read the latest of mine");
        session.onRead("ops", "ann", 3);
        session.onRead("ops", "bob", 5);
        assertEquals("Seen by 2", session.seenText("ops"));
        arrive("lobby", 1, "me", "c4");
        assertEquals("", session.seenText("lobby"), "lobby receipts are not shared");
    }

    @Test
    void eachPendingMessageWaitsForItsOwnRoomsBroadcastAndTheServersAnswersDecideTheRest() {
        session.onLoginReply("me", "e1");
        session.onRoom(room("ops", 0, 0));
        outbox.add("a", "ops", "for ops");
        outbox.add("b", "lobby", "for the lobby");
        outbox.add("c", "ops", "too long, say");
        outbox.add("d", "ops", "stored later");
        assertEquals(List.of(), outboxSent, "nothing goes before the login reply's missed messages are shown");
        session.onResumed();
        assertEquals(List.of("a ops @0", "b lobby @0", "c ops @0", "d ops @0"), outboxSent);

        assertEquals(new ChatSession.Arrival(true, true, true, false), arrive("ops", 1, "me", "a"));
        assertEquals(new ChatSession.ErrorAnswer(ChatSession.ErrorKind.FAILED, "message too long"),
                session.onError(new ServerFrame.Error("message_too_long", "message too long", "c")));
        assertEquals(new ChatSession.ErrorAnswer(ChatSession.ErrorKind.SENDING_AGAIN, ""),
                session.onError(new ServerFrame.Error("store_unavailable", "try later", "d")));
        assertEquals(List.of("b", "d"), outbox.pending().stream().map(OutboxEntry::clientMsgId).toList());
        assertEquals(List.of("lobby", "ops"), outbox.pending().stream().map(OutboxEntry::room).toList(),
                "each keeps its room");
        clock.advance(1_999);
        assertEquals(4, outboxSent.size());
        clock.advance(1);
        assertEquals("d ops @2000", outboxSent.get(4), "a transient refusal goes again after the retry delay");

        session.onDisconnected();
        session.onResumed();
        assertEquals(List.of("b lobby @2000", "d ops @2000"), outboxSent.subList(5, 7),
                "after a reconnect what is unconfirmed goes again, each to its room");
        assertEquals(new ChatSession.Arrival(true, true, true, true), arrive("lobby", 1, "me", "b"));
        assertEquals(new ChatSession.ErrorAnswer(ChatSession.ErrorKind.NONE, ""),
                session.onError(new ServerFrame.Error("message_empty", "empty", "b")), "b is no longer pending");

        assertEquals(new ChatSession.ErrorAnswer(ChatSession.ErrorKind.ROOM_REFUSED, "Server: that room is full"),
                session.onError(new ServerFrame.Error("room_full", "that room is full", null)));
        assertEquals(new ChatSession.ErrorAnswer(ChatSession.ErrorKind.NOTICE, "Server: rate_limited"),
                session.onError(new ServerFrame.Error("rate_limited", null, null)));
        assertEquals(new ChatSession.ErrorAnswer(ChatSession.ErrorKind.FAILED, "some_new_code"),
                session.onError(new ServerFrame.Error("some_new_code", null, "d")), "an unknown code refuses for good");
    }

    @Test
    void roomsTheLoginReplyNoLongerListsWereLeftWhileAway() {
        loggedInWith(room("ops", 0, 0), room("dev", 0, 0), room("qa", 0, 0));
        assertEquals(List.of("ops", "qa"), session.roomsNotIn(List.of(room("dev", 0, 0))));
    }

    // where the page stands in each sequence (was the frontend's Timeline)

    @Test
    void beforeTheFirstLoginNothingIsKnown() {
        assertEquals(-1, session.lobbyLastShown());
        assertEquals(null, session.epoch());
        assertEquals(ChatSession.EpochChange.FIRST, session.onLoginReply("me", "e1"));
        assertEquals("e1", session.epoch());
    }

    @Test
    void eachSeqIsShownOnceAndMarkedByTheSendersId() {
        session.onLoginReply("me", "e1");
        outbox.add("c2", "lobby", "hi");
        assertEquals(new ChatSession.Arrival(true, false, false, true), arrive("lobby", 1, "bob", null));
        // shown in another tab's broadcast first, then the server answers this tab's retry with the original:
        // not shown again, but it confirms the pending copy
        assertEquals(new ChatSession.Arrival(true, true, false, true), arrive("lobby", 2, "me", "c9"));
        assertEquals(new ChatSession.Arrival(false, true, true, true), arrive("lobby", 2, "me", "c2"));
        assertEquals(List.of(), outbox.pending());
        assertEquals(new ChatSession.Arrival(false, true, false, true), arrive("lobby", 2, "me", "c2"),
                "confirmed once");
        assertEquals(new ChatSession.Arrival(false, false, false, true), arrive("lobby", 1, "bob", null));
        assertEquals(new ChatSession.Arrival(true, true, false, true), arrive("lobby", 3, "me", null),
                "own, sent by another tab");
    }

    @Test
    void aReloadedPageResumesAfterTheSavedMessagesOfTheSameEpoch() {
        session.restore("e1", "me");
        assertTrue(arrive("lobby", 7, "me", null).mine(), "saved, own");
        arrive("lobby", 8, "bob", null);
        assertEquals(8, session.lobbyLastShown(), "the login resumes after the saved page");
        assertEquals(ChatSession.EpochChange.SAME, session.onLoginReply("me", "e1"));
        assertEquals(8, session.lobbyLastShown());
    }

    @Test
    void savedMessagesOfAnotherEpochAreFromBefore() {
        session.restore("e1", "me");
        arrive("lobby", 8, "bob", null);
        assertEquals(ChatSession.EpochChange.RESET, session.onLoginReply("me", "e2"));
        assertEquals(-1, session.lobbyLastShown());
        assertTrue(arrive("lobby", 1, "bob", null).show(), "seq 1 again, new sequence");
        session.restore("e0", "someone"); // only before the first login
        assertEquals("e2", session.epoch());
    }

    @Test
    void theUserIdOfTheLatestLoginDecidesWhatIsOnesOwn() {
        session.onLoginReply("old-id", "e1");
        session.onLoginReply("new-id", "e1");
        assertEquals("new-id", session.myUserId());
        assertFalse(arrive("lobby", 1, "old-id", null).mine());
    }
}
