package heartbeatchat.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HistoryTest {
    private static String frame(long seq) {
        return "{\"seq\":" + seq + "}";
    }

    private static History withSeqs(int capacity, int page, long... seqs) {
        History h = new History(capacity, page);
        for (long seq : seqs) {
            h.add(seq, frame(seq));
        }
        return h;
    }

    @Test
    void anEmptyHistoryIsAnEmptyArray() {
        History h = new History(5, 3);
        assertEquals("[]", h.latestPage());
        assertEquals("[]", h.after(0));
    }

    @Test
    void theLatestPageIsTheLastMessagesOldestFirst() {
        History h = withSeqs(5, 3, 1, 2, 3, 4);
        assertEquals("[{\"seq\":2},{\"seq\":3},{\"seq\":4}]", h.latestPage());
    }

    @Test
    void theLatestPageIsJoinedOnceAndRenewedByTheNextMessage() {
        History h = withSeqs(5, 2, 1, 2);
        String page = h.latestPage();
        assertSame(page, h.latestPage(), "no new message: the same string");
        h.add(3, frame(3));
        assertEquals("[{\"seq\":2},{\"seq\":3}]", h.latestPage());
    }

    @Test
    void afterGivesEveryKeptMessageAboveTheSeq() {
        History h = withSeqs(3, 1, 1, 2, 3, 4, 5); // 1 and 2 no longer kept
        assertEquals("[{\"seq\":4},{\"seq\":5}]", h.after(3));
        assertEquals("[{\"seq\":3},{\"seq\":4},{\"seq\":5}]", h.after(0));
        assertEquals("[]", h.after(5));
    }

    @Test
    void aPageLargerThanWhatIsKeptIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new History(2, 3));
    }
}
