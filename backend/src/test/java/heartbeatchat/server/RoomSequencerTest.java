package heartbeatchat.server;

import heartbeatchat.shared.protocol.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RoomSequencerTest {
    private final List<String> fills = new ArrayList<>();
    private final RoomSequencer sequencer = new RoomSequencer((room, lastSeq) -> fills.add(room + " after " + lastSeq));
    private long last;

    private static ChatMessage m(long seq) {
        return new ChatMessage("r", seq, 0, "u", "U", "", "m" + seq, null);
    }

    /** Accepts and "delivers" like the chat: returns the seqs that went out. */
    private List<Long> accept(long seq) {
        List<Long> out = new ArrayList<>();
        for (ChatMessage ready : sequencer.accept("r", last, m(seq))) {
            out.add(ready.seq());
            last = ready.seq();
        }
        return out;
    }

    @Test
    void messagesInOrderGoOutAtOnceAndRepeatsNever() {
        assertEquals(List.of(1L), accept(1));
        assertEquals(List.of(2L), accept(2));
        assertEquals(List.of(), accept(2));
        assertEquals(List.of(), accept(1));
        assertEquals(List.of(), fills);
    }

    @Test
    void aGapHoldsLaterMessagesAndIsFilledOnceThenTheyGoOutInOrder() {
        accept(1);
        assertEquals(List.of(), accept(4), "2 and 3 are missing: a publish was lost");
        assertEquals(List.of(), accept(5));
        assertEquals(List.of("r after 1"), fills, "one fill, however many messages wait");
        assertEquals(2, sequencer.held("r"));
        // the fill brings 2 and 3 from the store
        assertEquals(List.of(2L), accept(2));
        assertEquals(List.of(3L, 4L, 5L), accept(3));
        sequencer.fillDone("r", last);
        assertEquals(0, sequencer.held("r"));
        assertEquals(List.of(), accept(4), "4 through the broker, late: a repeat");
        assertEquals(List.of(6L), accept(6));
        assertEquals(1, fills.size());
    }

    @Test
    void aFillThatLeavesAGapStartsAnotherAndAFailedOneIsAskedAgain() {
        accept(1);
        accept(5);
        accept(2); // the fill brought only 2 (another server had not committed 3 yet, say)
        sequencer.fillDone("r", last);
        assertEquals(List.of("r after 1", "r after 2"), fills);
        sequencer.fillFailed("r");
        sequencer.behind("r", last);
        assertEquals(List.of("r after 1", "r after 2", "r after 2"), fills, "the catch-up asks again");
        sequencer.behind("r", last);
        assertEquals(3, fills.size(), "not twice while one is under way");
        assertEquals(List.of(3L), accept(3));
        assertEquals(List.of(4L, 5L), accept(4));
    }

    @Test
    void heldMessagesAreBounded() {
        accept(1);
        for (long seq = 3; seq < 3 + RoomSequencer.MAX_HELD + 50; seq++) {
            accept(seq);
        }
        assertEquals(RoomSequencer.MAX_HELD, sequencer.held("r"), "the rest is read from the store later");
    }
}
