package heartbeatchat.server;

import heartbeatchat.shared.protocol.ChatMessage;

import java.util.ArrayDeque;
import java.util.List;

/** The most recent messages, in order, at most {@code capacity} of them. Callers synchronize. */
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

    List<ChatMessage> recent() {
        return List.copyOf(messages);
    }

    long lastSeq() {
        return messages.isEmpty() ? 0 : messages.getLast().seq();
    }
}
