package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.shared.protocol.UserInfo;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link RoomStore} that forgets everything when the process ends. */
public final class InMemoryRoomStore implements RoomStore {
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final Map<String, String> directByPair = new HashMap<>();
    private final Map<String, Set<String>> members = new HashMap<>();
    private final Map<String, Long> readPositions = new HashMap<>();
    private final Map<String, UserInfo> users = new HashMap<>();

    public InMemoryRoomStore() {
        rooms.put(Rooms.LOBBY, new Room(Rooms.LOBBY, Rooms.LOBBY_NAME, false, 0));
    }

    @Override
    public synchronized Room createRoom(String name, long time) {
        Room room = new Room(RoomIds.publicRoom(random), name, false, time);
        rooms.put(room.id(), room);
        return room;
    }

    @Override
    public synchronized Room directRoom(String userA, String userB, long time) {
        String pair = RoomIds.pair(userA, userB);
        String id = directByPair.get(pair);
        if (id != null) {
            return rooms.get(id);
        }
        Room room = new Room(RoomIds.directRoom(random), "", true, time);
        rooms.put(room.id(), room);
        directByPair.put(pair, room.id());
        join(room.id(), userA, time);
        join(room.id(), userB, time);
        return room;
    }

    @Override
    public synchronized Optional<Room> room(String roomId) {
        return Optional.ofNullable(rooms.get(roomId));
    }

    @Override
    public synchronized List<Room> publicRooms() {
        return rooms.values().stream().filter(r -> !r.direct() && !r.id().equals(Rooms.LOBBY)).toList();
    }

    @Override
    public synchronized boolean join(String roomId, String userId, long time) {
        return members.computeIfAbsent(roomId, r -> new LinkedHashSet<>()).add(userId);
    }

    @Override
    public synchronized boolean leave(String roomId, String userId) {
        Set<String> in = members.get(roomId);
        return in != null && in.remove(userId);
    }

    @Override
    public synchronized List<String> members(String roomId) {
        return List.copyOf(members.getOrDefault(roomId, Set.of()));
    }

    @Override
    public synchronized List<String> roomsOf(String userId) {
        List<String> out = new ArrayList<>();
        for (String roomId : rooms.keySet()) {
            if (members.getOrDefault(roomId, Set.of()).contains(userId)) {
                out.add(roomId);
            }
        }
        return out;
    }

    @Override
    public synchronized void markRead(String userId, String roomId, long seq) {
        readPositions.merge(userId + "\n" + roomId, seq, Math::max);
    }

    @Override
    public synchronized long readPosition(String userId, String roomId) {
        return readPositions.getOrDefault(userId + "\n" + roomId, 0L);
    }

    @Override
    public synchronized Map<String, Long> readPositions(String roomId) {
        Map<String, Long> out = new LinkedHashMap<>();
        readPositions.forEach((key, seq) -> {
            int cut = key.indexOf('\n');
            if (key.substring(cut + 1).equals(roomId)) {
                out.put(key.substring(0, cut), seq);
            }
        });
        return out;
    }

    @Override
    public synchronized void save(Collection<UserInfo> saved, Collection<ReadPosition> reads, long time) {
        saved.forEach(u -> users.put(u.userId(), u));
        reads.forEach(p -> markRead(p.userId(), p.roomId(), p.seq()));
    }

    @Override
    public synchronized Optional<UserInfo> user(String userId) {
        return Optional.ofNullable(users.get(userId));
    }
}
