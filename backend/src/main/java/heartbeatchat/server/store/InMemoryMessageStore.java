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
    private final List<ChatMessage> messages = new ArrayList<>();
    private final Map<String, ChatMessage> byClientMsgId = new HashMap<>();

    public InMemoryMessageStore() {
        SecureRandom random = new SecureRandom();
        random.nextBytes(secret);
        epoch = Epochs.random(random);
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
    public synchronized long lastSeq() {
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).seq();
    }

    @Override
    public synchronized List<ChatMessage> latest(int limit) {
        return List.copyOf(messages.subList(Math.max(0, messages.size() - limit), messages.size()));
    }

    @Override
    public synchronized List<Stored> append(List<NewMessage> batch) {
        List<Stored> results = new ArrayList<>(batch.size());
        long seq = lastSeq();
        for (NewMessage m : batch) {
            String key = m.clientMsgId() == null ? null : m.userId() + "\n" + m.clientMsgId();
            ChatMessage original = key == null ? null : byClientMsgId.get(key);
            if (original != null) {
                results.add(new Stored(original, true));
                continue;
            }
            ChatMessage stored = new ChatMessage(++seq, m.time(), m.userId(), m.userName(), m.userAvatar(), m.data(),
                    m.clientMsgId());
            messages.add(stored);
            if (key != null) {
                byClientMsgId.put(key, stored);
            }
            results.add(new Stored(stored, false));
        }
        return results;
    }

    @Override
    public void close() {
    }
}
