package heartbeatchat.shared.session;

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

    private static RoomEntry room(String id, long lastSeq, long read) {
        return new RoomEntry(id, "Room " + id, false, null, null, 3, lastSeq, read, Map.of());
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
        session.onMessage("ops", 1, "cy", null);
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
        session.onMessage("dev", 3, "ann", null);
        session.onMessage("dev", 4, "ann", null);
        session.onMessage("dev", 5, "me", "c1");
        assertEquals(0, session.roomState("dev").unread(), "one's own message: everything before it is read too");
        session.onMessage("dev", 6, "ann", null);
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
        session.onMessage("ops", 1, "ann", null);
        clock.advance(100);
        session.onMessage("ops", 2, "ann", null);
        clock.advance(100);
        session.onMessage("ops", 3, "ann", null);
        clock.advance(799);
        assertEquals(List.of("read ops 1 @0"), sent);
        clock.advance(1);
        assertEquals(List.of("read ops 1 @0", "read ops 3 @1000"), sent, "the latest, when the second is up");
        session.setVisible(false);
        clock.advance(5_000);
        session.onMessage("ops", 4, "ann", null);
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
        assertTrue(session.onMessage("ops", 1, "ann", null).show());
        assertTrue(session.onMessage("lobby", 1, "ann", null).show(), "the lobby counts on its own");
        assertTrue(session.onMessage("lobby", 2, "ann", null).show());
        assertFalse(session.onMessage("ops", 1, "ann", null).show(), "a repeat after a resume overlap");
        ChatSession.Arrival mine = session.onMessage("ops", 2, "me", "c1");
        assertTrue(mine.mine() && mine.confirmsPending() && !mine.inOpenRoom());
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
        session.onRoom(new RoomEntry("dm", "", true, "bob", "Bob", 2, 0, 0, Map.of("bob", 0L)));
        session.onRoom(room("ops", 0, 0));
        session.onMessage("dm", 1, "me", "c1");
        assertEquals("", session.seenText("dm"));
        session.onRead("dm", "bob", 1);
        assertEquals("Seen", session.seenText("dm"));
        assertEquals(1, session.mySeenSeq("dm"));
        assertEquals("Bob", session.roomState("dm").title());
        session.onMessage("ops", 1, "me", "c2");
        session.onMessage("ops", 2, "ann", null);
        session.onMessage("ops", 3, "me", "c3");
        session.onRead("ops", "ann", 2);
        assertEquals("", session.seenText("ops"), "Ann has not read the latest of mine");
        session.onRead("ops", "ann", 3);
        session.onRead("ops", "bob", 5);
        assertEquals("Seen by 2", session.seenText("ops"));
        session.onMessage("lobby", 1, "me", "c4");
        assertEquals("", session.seenText("lobby"), "lobby receipts are not shared");
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
        assertEquals(new ChatSession.Arrival(true, false, false, true), session.onMessage("lobby", 1, "bob", null));
        assertEquals(new ChatSession.Arrival(true, true, true, true), session.onMessage("lobby", 2, "me", "c2"));
        // the server answers a retry with the original: not shown again, but it confirms the pending copy
        assertEquals(new ChatSession.Arrival(false, true, true, true), session.onMessage("lobby", 2, "me", "c2"));
        assertEquals(new ChatSession.Arrival(false, false, false, true), session.onMessage("lobby", 1, "bob", null));
        assertEquals(new ChatSession.Arrival(true, true, false, true), session.onMessage("lobby", 3, "me", null),
                "own, sent by another tab");
    }

    @Test
    void aReloadedPageResumesAfterTheSavedMessagesOfTheSameEpoch() {
        session.restore("e1", "me");
        assertTrue(session.onMessage("lobby", 7, "me", null).mine(), "saved, own");
        session.onMessage("lobby", 8, "bob", null);
        assertEquals(8, session.lobbyLastShown(), "the login resumes after the saved page");
        assertEquals(ChatSession.EpochChange.SAME, session.onLoginReply("me", "e1"));
        assertEquals(8, session.lobbyLastShown());
    }

    @Test
    void savedMessagesOfAnotherEpochAreFromBefore() {
        session.restore("e1", "me");
        session.onMessage("lobby", 8, "bob", null);
        assertEquals(ChatSession.EpochChange.RESET, session.onLoginReply("me", "e2"));
        assertEquals(-1, session.lobbyLastShown());
        assertTrue(session.onMessage("lobby", 1, "bob", null).show(), "seq 1 again, new sequence");
        session.restore("e0", "someone"); // only before the first login
        assertEquals("e2", session.epoch());
    }

    @Test
    void theUserIdOfTheLatestLoginDecidesWhatIsOnesOwn() {
        session.onLoginReply("old-id", "e1");
        session.onLoginReply("new-id", "e1");
        assertEquals("new-id", session.myUserId());
        assertFalse(session.onMessage("lobby", 1, "old-id", null).mine());
    }
}
