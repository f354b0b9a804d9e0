package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.ChatMessage;

import java.util.List;

/** An in-memory store that tests wrap to change what {@link #append} does (fail, wait, count). */
public class ForwardingMessageStore implements MessageStore {
    protected final InMemoryMessageStore inner = new InMemoryMessageStore();

    @Override
    public void check() throws StoreException {
        inner.check();
    }

    @Override
    public String epoch() {
        return inner.epoch();
    }

    @Override
    public byte[] serverSecret() {
        return inner.serverSecret();
    }

    @Override
    public long lastSeq(String roomId) throws StoreException {
        return inner.lastSeq(roomId);
    }

    @Override
    public List<ChatMessage> latest(String roomId, int limit) throws StoreException {
        return inner.latest(roomId, limit);
    }

    @Override
    public List<ChatMessage> before(String roomId, long seq, int limit) throws StoreException {
        return inner.before(roomId, seq, limit);
    }

    @Override
    public List<ChatMessage> after(String roomId, long seq, int limit) throws StoreException {
        return inner.after(roomId, seq, limit);
    }

    @Override
    public List<Stored> append(List<NewMessage> batch) throws StoreException {
        return inner.append(batch);
    }

    @Override
    public RoomStore rooms() {
        return inner.rooms();
    }

    @Override
    public void close() {
    }
}
