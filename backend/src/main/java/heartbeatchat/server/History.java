package heartbeatchat.server;

import heartbeatchat.shared.protocol.ChatMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The most recent stored messages, in seq order, at most {@code capacity}: what login replies are
 * made from, so a login never waits for the disk. Callers synchronize.
 */
final class History {
    private final int capacity;
    private final ArrayDeque<ChatMessage> messages = new ArrayDeque<>();

    History(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history needs room for at least one message");
        }
        this.capacity = capacity;
    }

    void add(ChatMessage m) {
        if (messages.size() == capacity) {
            messages.removeFirst();
        }
        messages.addLast(m);
    }

    /** The last {@code limit} messages, oldest first. */
    List<ChatMessage> latest(int limit) {
        List<ChatMessage> out = new ArrayList<>(Math.min(limit, messages.size()));
        Iterator<ChatMessage> it = messages.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** Every kept message with a seq above {@code seq}, oldest first. */
    List<ChatMessage> after(long seq) {
        List<ChatMessage> out = new ArrayList<>();
        Iterator<ChatMessage> it = messages.descendingIterator();
        while (it.hasNext()) {
            ChatMessage m = it.next();
            if (m.seq() <= seq) {
                break;
            }
            out.add(m);
        }
        java.util.Collections.reverse(out);
        return out;
    }
}
