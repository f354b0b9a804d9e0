package heartbeatchat.server;

import heartbeatchat.server.store.Room;
import heartbeatchat.server.store.StoreException;
import heartbeatchat.shared.protocol.Rooms;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One room as the server holds it in memory: its members (none listed for the lobby, which has
 * everyone), its latest messages as they were broadcast, its last seq and activity, and the
 * members' read positions. Guarded by the {@link ChatRoom}'s lock.
 */
final class RoomState {
    final Room room;
    /** In the order they joined; empty for the lobby. */
    final Set<String> members = new LinkedHashSet<>();
    /** Null until first needed when the room was held without it (public rooms at start). */
    private History recent;
    private final HistoryLoader loader;
    long lastSeq;
    /** Epoch ms of the last message, 0 when none. */
    long lastTime;
    /** Read positions by user id; for the lobby only of users who logged in with rooms. */
    final Map<String, Long> reads = new LinkedHashMap<>();

    /** Reads a room's latest messages up to its last delivered seq from the store, as its history in memory. */
    interface HistoryLoader {
        History load(long lastSeq) throws StoreException;
    }

    RoomState(Room room, History recent) {
        this.room = room;
        this.recent = recent;
        this.loader = null;
    }

    /** A room whose history is read from the store when first needed. */
    RoomState(Room room, HistoryLoader loader) {
        this.room = room;
        this.loader = loader;
    }

    /** Its latest messages as they were broadcast, read from the store the first time. */
    History recent() throws StoreException {
        if (recent == null) {
            recent = loader.load(lastSeq);
        }
        return recent;
    }

    /** The history of a room held with it from the start, as the lobby always is. */
    History recentHeld() {
        if (recent == null) {
            throw new IllegalStateException(id() + " is held without its history");
        }
        return recent;
    }

    /**
     * A message just stored, kept in the history if that is in memory; one not read yet will
     * include it when read from the store.
     */
    void stored(long seq, String frame) {
        if (recent != null) {
            recent.add(seq, frame);
        }
    }

    String id() {
        return room.id();
    }

    boolean isLobby() {
        return room.id().equals(Rooms.LOBBY);
    }

    /** Everyone is in the lobby; other rooms have their listed members. */
    boolean has(String userId) {
        return isLobby() || members.contains(userId);
    }

    long readBy(String userId) {
        return reads.getOrDefault(userId, 0L);
    }
}
