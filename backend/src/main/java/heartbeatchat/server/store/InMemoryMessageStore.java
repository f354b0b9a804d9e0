package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.ChatMessage;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link MessageStore} that forgets everything when the process ends. */
public final class InMemoryMessageStore implements MessageStore {
    private final String epoch;
    private final byte[] secret = new byte[32];
    /** Each room's messages in seq order, seq 1 at index 0. */
    private final Map<String, List<ChatMessage>> rooms = new HashMap<>();
    private final Map<String, ChatMessage> byClientMsgId = new HashMap<>();
    private final InMemoryRoomStore roomStore = new InMemoryRoomStore();

    public InMemoryMessageStore() {
        SecureRandom random = new SecureRandom();
        random.nextBytes(secret);
        epoch = Epochs.random(random);
    }

    @Override
    public void check() {
        // memory is always there
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public byte[] serverSecret() {
        return secret.clone();
    }

    @Override
    public synchronized long lastSeq(String roomId) {
        return room(roomId).size();
    }

    @Override
    public synchronized List<ChatMessage> latest(String roomId, int limit) {
        List<ChatMessage> messages = room(roomId);
        return List.copyOf(messages.subList(Math.max(0, messages.size() - limit), messages.size()));
    }

    @Override
    public synchronized List<ChatMessage> before(String roomId, long seq, int limit) {
        List<ChatMessage> messages = room(roomId);
        int end = (int) Math.max(0, Math.min(messages.size(), seq - 1)); // seq n is at index n - 1
        return List.copyOf(messages.subList(Math.max(0, end - limit), end));
    }

    @Override
    public synchronized List<ChatMessage> after(String roomId, long seq, int limit) {
        List<ChatMessage> messages = room(roomId);
        int start = (int) Math.max(0, Math.min(messages.size(), seq)); // seq n + 1 is at index n
        return List.copyOf(messages.subList(start, Math.min(messages.size(), start + limit)));
    }

    @Override
    public synchronized List<Stored> append(List<NewMessage> batch) {
        List<Stored> results = new ArrayList<>(batch.size());
        for (NewMessage m : batch) {
            String key = m.clientMsgId() == null ? null : m.userId() + "\n" + m.clientMsgId();
            ChatMessage original = key == null ? null : byClientMsgId.get(key);
            if (original != null) {
                results.add(new Stored(original, true));
                continue;
            }
            List<ChatMessage> messages = rooms.computeIfAbsent(m.roomId(), r -> new ArrayList<>());
            ChatMessage stored = new ChatMessage(m.roomId(), messages.size() + 1, m.time(), m.userId(), m.userName(), m.userAvatar(),
                    m.data(), m.clientMsgId());
            messages.add(stored);
            if (key != null) {
                byClientMsgId.put(key, stored);
            }
            results.add(new Stored(stored, false));
        }
        return results;
    }

    private List<ChatMessage> room(String roomId) {
        return rooms.getOrDefault(roomId, List.of());
    }

    @Override
    public RoomStore rooms() {
        return roomStore;
    }

    @Override
    public void close() {
    }
}
