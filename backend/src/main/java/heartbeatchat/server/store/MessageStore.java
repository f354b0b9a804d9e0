package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.ChatMessage;

import java.util.List;

/**
 * Where messages and the server's identity live. Implementations: {@link SqliteMessageStore} (the
 * default, durable) and {@link InMemoryMessageStore} (tests, throwaway servers). Only one thread
 * writes at a time (the group committer); reads happen at start-up.
 */
public interface MessageStore extends AutoCloseable {
    /** Names this store's message sequence; a new store has a new epoch. */
    String epoch();

    /** The secret behind user ids; the same for the life of the store, so user ids are too. */
    byte[] serverSecret();

    /** The highest seq stored, 0 when empty. */
    long lastSeq();

    /** The latest messages, at most {@code limit}, oldest first. */
    List<ChatMessage> latest(int limit) throws StoreException;

    /**
     * Stores a batch in one transaction, in order, giving each new message the next seq. A message
     * whose {@code (userId, clientMsgId)} is already stored (earlier, or earlier in the batch) is not
     * stored again: its result is the original, marked duplicate. All or nothing: when this throws,
     * nothing was stored and {@link #lastSeq()} is unchanged.
     */
    List<Stored> append(List<NewMessage> batch) throws StoreException;

    @Override
    void close();
}
