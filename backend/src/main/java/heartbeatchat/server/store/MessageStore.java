package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.ChatMessage;

import java.util.List;

/**
 * Where messages and the server's identity live. Every room has its own sequence: {@code seq}
 * counts from 1 in each room. Implementations: {@link SqliteMessageStore} (the default, durable)
 * and {@link InMemoryMessageStore} (tests, throwaway servers). Only one thread writes at a time
 * (the group committer).
 */
public interface MessageStore extends AutoCloseable {
    /** Names this store's message sequence; a new store has a new epoch. */
    String epoch();

    /** The secret behind user ids; the same for the life of the store, so user ids are too. */
    byte[] serverSecret();

    /** The highest seq stored in the room, 0 when it has none. */
    long lastSeq(String roomId) throws StoreException;

    /** The room's latest messages, at most {@code limit}, oldest first. */
    List<ChatMessage> latest(String roomId, int limit) throws StoreException;

    /**
     * The room's messages just before {@code seq}, at most {@code limit}, oldest first: the page
     * above the oldest one a client shows. Empty at the room's beginning.
     */
    List<ChatMessage> before(String roomId, long seq, int limit) throws StoreException;

    /**
     * Stores a batch in one transaction, in order, giving each new message the next seq of its room.
     * A message whose {@code (userId, clientMsgId)} is already stored (earlier, or earlier in the
     * batch, in any room) is not stored again: its result is the original, marked duplicate. All or
     * nothing: when this throws, nothing was stored and every {@link #lastSeq} is unchanged.
     */
    List<Stored> append(List<NewMessage> batch) throws StoreException;

    /** Throws, saying why, when the store cannot be used right now: what {@code /ready} asks. */
    void check() throws StoreException;

    /** Rooms, members, users and read positions, kept in the same place as the messages. */
    RoomStore rooms();

    @Override
    void close();
}
