package heartbeatchat.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TimelineTest {
    private final Timeline timeline = new Timeline();

    @Test
    void beforeTheFirstLoginNothingIsKnown() {
        assertEquals(-1, timeline.lastSeq());
        assertNull(timeline.epoch());
        assertEquals(Timeline.EpochChange.FIRST, timeline.onLoginReply("me", "e1"));
        assertEquals("e1", timeline.epoch());
    }

    @Test
    void eachSeqIsShownOnceAndMarkedByTheSendersId() {
        timeline.onLoginReply("me", "e1");
        assertEquals(new Timeline.Arrival(true, false, false), timeline.onMessage(1, "bob", null));
        assertEquals(new Timeline.Arrival(true, true, true), timeline.onMessage(2, "me", "c2"));
        assertEquals(2, timeline.lastSeq());
        // the server answers a retry with the original: not shown again, but it confirms the pending copy
        assertEquals(new Timeline.Arrival(false, true, true), timeline.onMessage(2, "me", "c2"));
        assertEquals(new Timeline.Arrival(false, false, false), timeline.onMessage(1, "bob", null));
        assertEquals(new Timeline.Arrival(true, true, false), timeline.onMessage(3, "me", null), "own, sent by another tab");
    }

    @Test
    void aResumeInTheSameEpochKeepsTheLastSeqAndANewEpochStartsOver() {
        timeline.onLoginReply("me", "e1");
        timeline.onMessage(41, "bob", null);
        assertEquals(Timeline.EpochChange.SAME, timeline.onLoginReply("me", "e1"));
        assertEquals(41, timeline.lastSeq());
        assertEquals(Timeline.EpochChange.RESET, timeline.onLoginReply("me", "e2"));
        assertEquals(-1, timeline.lastSeq());
        assertEquals("e2", timeline.epoch());
        assertEquals(new Timeline.Arrival(true, false, false), timeline.onMessage(1, "bob", null), "seq 1 again, new sequence");
    }

    @Test
    void aReloadedPageResumesAfterTheSavedMessagesOfTheSameEpoch() {
        timeline.restore("e1", "me");
        assertEquals(new Timeline.Arrival(true, true, false), timeline.onMessage(7, "me", null), "saved, own");
        timeline.onMessage(8, "bob", null);
        assertEquals(8, timeline.lastSeq(), "the login resumes after the saved page");
        assertEquals(Timeline.EpochChange.SAME, timeline.onLoginReply("me", "e1"));
        assertEquals(8, timeline.lastSeq());
    }

    @Test
    void savedMessagesOfAnotherEpochAreFromBefore() {
        timeline.restore("e1", "me");
        timeline.onMessage(8, "bob", null);
        assertEquals(Timeline.EpochChange.RESET, timeline.onLoginReply("me", "e2"));
        assertEquals(-1, timeline.lastSeq());
        timeline.restore("e0", "someone"); // only before the first login
        assertEquals("e2", timeline.epoch());
    }

    @Test
    void theUserIdOfTheLatestLoginDecidesWhatIsOnesOwn() {
        timeline.onLoginReply("old-id", "e1");
        timeline.onLoginReply("new-id", "e1");
        assertEquals("new-id", timeline.myUserId());
        assertEquals(false, timeline.onMessage(1, "old-id", null).mine());
    }
}
