package heartbeatchat.server;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HistoryTest {
    private static String frame(long seq) {
        return "{\"seq\":" + seq + "}";
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
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
        assertEquals("[]", text(h.latestPage()));
        assertEquals("[]", text(h.after(0)));
    }

    @Test
    void theLatestPageIsTheLastMessagesOldestFirst() {
        History h = withSeqs(5, 3, 1, 2, 3, 4);
        assertEquals("[{\"seq\":2},{\"seq\":3},{\"seq\":4}]", text(h.latestPage()));
    }

    @Test
    void theLatestPageIsJoinedOnceAndRenewedByTheNextMessage() {
        History h = withSeqs(5, 2, 1, 2);
        byte[] page = h.latestPage();
        assertSame(page, h.latestPage(), "no new message: the same bytes");
        h.add(3, frame(3));
        assertEquals("[{\"seq\":2},{\"seq\":3}]", text(h.latestPage()));
    }

    @Test
    void afterGivesEveryKeptMessageAboveTheSeq() {
        History h = withSeqs(3, 1, 1, 2, 3, 4, 5); // 1 and 2 no longer kept
        assertEquals("[{\"seq\":4},{\"seq\":5}]", text(h.after(3)));
        assertEquals("[{\"seq\":3},{\"seq\":4},{\"seq\":5}]", text(h.after(0)));
        assertEquals("[]", text(h.after(5)));
    }

    @Test
    void aPageLargerThanWhatIsKeptIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new History(2, 3));
    }
}
