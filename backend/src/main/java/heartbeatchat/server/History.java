package heartbeatchat.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The most recent stored messages, in seq order, at most {@code capacity}, kept as the JSON frames
 * they were broadcast as: what login replies are made from, so a login never waits for the disk
 * and never serializes a message again. The page a new login gets is joined into one JSON array
 * once and reused until the next message. Callers synchronize.
 */
final class History {
    private record Kept(long seq, String json) {
    }

    private final int capacity;
    private final int pageSize;
    private final ArrayDeque<Kept> messages = new ArrayDeque<>();
    /** {@link #latestPage()}, or null since the last {@link #add}. */
    private byte[] page;

    /** @param pageSize how many messages a new login gets */
    History(int capacity, int pageSize) {
        if (capacity < 1 || pageSize < 1 || pageSize > capacity) {
            throw new IllegalArgumentException("history of " + capacity + " with pages of " + pageSize);
        }
        this.capacity = capacity;
        this.pageSize = pageSize;
    }

    /** @param json the message frame exactly as it was broadcast */
    void add(long seq, String json) {
        if (messages.size() == capacity) {
            messages.removeFirst();
        }
        messages.addLast(new Kept(seq, json));
        page = null;
    }

    /** The last page of messages as a UTF-8 JSON array, oldest first. */
    byte[] latestPage() {
        if (page == null) {
            List<String> out = new ArrayList<>(Math.min(pageSize, messages.size()));
            Iterator<Kept> it = messages.descendingIterator();
            while (it.hasNext() && out.size() < pageSize) {
                out.add(it.next().json);
            }
            Collections.reverse(out);
            page = array(out);
        }
        return page;
    }

    /** Whether every message after {@code seq} is kept, so {@link #after} has them all. */
    boolean covers(long seq) {
        return messages.isEmpty() || messages.peekFirst().seq <= seq + 1;
    }

    /** Every kept message with a seq above {@code seq}, oldest first, as a UTF-8 JSON array. */
    byte[] after(long seq) {
        List<String> out = new ArrayList<>();
        Iterator<Kept> it = messages.descendingIterator();
        while (it.hasNext()) {
            Kept m = it.next();
            if (m.seq <= seq) {
                break;
            }
            out.add(m.json);
        }
        Collections.reverse(out);
        return array(out);
    }

    static byte[] array(List<String> frames) {
        return ("[" + String.join(",", frames) + "]").getBytes(StandardCharsets.UTF_8);
    }
}
