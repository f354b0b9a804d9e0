package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.ChatMessage;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
     * The room's messages just after {@code seq}, at most {@code limit}, oldest first: what a server
     * fills a gap in a room's sequence with (a message another server stored that it did not hear of).
     */
    List<ChatMessage> after(String roomId, long seq, int limit) throws StoreException;

    /** Each room's highest seq, 0 for a room without messages: {@link #lastSeq} for many rooms at once. */
    default Map<String, Long> lastSeqs(Collection<String> roomIds) throws StoreException {
        Map<String, Long> out = new HashMap<>();
        for (String id : roomIds) {
            out.put(id, lastSeq(id));
        }
        return out;
    }

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
