package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.UserInfo;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rooms, who is in them and how far each member has read: the durable side of rooms and direct
 * conversations. Everyone is in the lobby without being listed as a member. Implemented beside
 * each {@link MessageStore}, in the same database.
 */
public interface RoomStore {
    /** Creates a public room with a new random id. */
    Room createRoom(String name, long time) throws StoreException;

    /**
     * The direct conversation of two users, created the first time either opens it: the same room
     * whichever of the two asks, and never anyone else's.
     */
    Room directRoom(String userA, String userB, long time) throws StoreException;

    Optional<Room> room(String roomId) throws StoreException;

    /** Every public room but the lobby, oldest first. */
    List<Room> publicRooms() throws StoreException;

    /** Adds the member; false when they were one already. */
    boolean join(String roomId, String userId, long time) throws StoreException;

    /** Removes the member; false when they were none. */
    boolean leave(String roomId, String userId) throws StoreException;

    /** The room's members, in the order they joined. */
    List<String> members(String roomId) throws StoreException;

    /** The rooms the user is a member of (direct conversations included, the lobby not), oldest first. */
    List<String> roomsOf(String userId) throws StoreException;

    /** Records that the user has seen the room up to {@code seq}; a lower seq than the one kept changes nothing. */
    void markRead(String userId, String roomId, long seq) throws StoreException;

    /** The highest seq the user has seen in the room, 0 when none. */
    long readPosition(String userId, String roomId) throws StoreException;

    /** Every recorded read position in the room, by user id. */
    Map<String, Long> readPositions(String roomId) throws StoreException;

    /** One user's read position in one room. */
    record ReadPosition(String userId, String roomId, long seq) {
    }

    /**
     * Records users as they last logged in and read positions, all in one transaction: what the
     * server's background writer gathered in its last interval. Like {@link #markRead}, a lower seq
     * than the one kept changes nothing.
     */
    void save(Collection<UserInfo> users, Collection<ReadPosition> reads, long time) throws StoreException;

    /** The user's name and avatar as they last logged in, if they ever did. */
    Optional<UserInfo> user(String userId) throws StoreException;
}
