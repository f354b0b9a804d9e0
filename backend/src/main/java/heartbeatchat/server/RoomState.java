package heartbeatchat.server;

import heartbeatchat.server.store.Room;
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
    final History recent;
    long lastSeq;
    /** Epoch ms of the last message, 0 when none. */
    long lastTime;
    /** Read positions by user id; for the lobby only of users who logged in with rooms. */
    final Map<String, Long> reads = new LinkedHashMap<>();

    RoomState(Room room, History recent) {
        this.room = room;
        this.recent = recent;
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
