package heartbeatchat.server;

import heartbeatchat.server.store.MessageStore;
import heartbeatchat.server.store.Room;
import heartbeatchat.server.store.RoomStore;
import heartbeatchat.server.store.StoreException;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.Rooms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rooms and who is in them, held in memory in front of the {@link RoomStore}: the lobby and every
 * public room from the start, a direct conversation from when one of its two users first needs it.
 * Changes are written to the store first, then to memory, so memory never shows what the store does
 * not have. Not thread-safe: the {@link ChatRoom} calls it under its lock, store reads and writes
 * included (rooms change rarely; messages never wait here, they go through the group committer).
 */
final class RoomDirectory {
    private final MessageStore messages;
    private final RoomStore store;
    private final ServerFrameCodec writer;
    private final RoomLimits limits;
    private final int pageSize;
    private final Map<String, RoomState> rooms = new HashMap<>();
    /** The rooms (lobby not included) of each user asked about since the start, read from the store once. */
    private final Map<String, Set<String>> roomsOfUser = new HashMap<>();
    private final RoomState lobby;
    private int publicRooms;
    /** Told of every room loaded here (so this server follows its messages) and of every membership change made here. */
    private final Watcher watcher;

    /** Who hears what the directory loads and changes: in a cluster, the broker. */
    interface Watcher {
        /** This server holds the room from now on. */
        void loaded(String roomId);

        /** The user joined or left the room, or it was made, here. */
        void changed(String roomId, String userId);

        Watcher NONE = new Watcher() {
            @Override
            public void loaded(String roomId) {
            }

            @Override
            public void changed(String roomId, String userId) {
            }
        };
    }

    /**
     * @param pageSize   messages kept in memory per room (what a new member or a login is sent)
     * @param lobbyKept  messages kept for the lobby: enough for a resume without reading the store
     */
    RoomDirectory(MessageStore messages, ServerFrameCodec writer, RoomLimits limits, int pageSize, int lobbyKept)
            throws StoreException {
        this(messages, writer, limits, pageSize, lobbyKept, Watcher.NONE);
    }

    RoomDirectory(MessageStore messages, ServerFrameCodec writer, RoomLimits limits, int pageSize, int lobbyKept,
                  Watcher watcher) throws StoreException {
        this.watcher = watcher;
        this.messages = messages;
        this.store = messages.rooms();
        this.writer = writer;
        this.limits = limits;
        this.pageSize = pageSize;
        Room lobbyRoom = store.room(Rooms.LOBBY).orElse(new Room(Rooms.LOBBY, Rooms.LOBBY_NAME, false, 0));
        this.lobby = load(lobbyRoom, Math.max(lobbyKept, pageSize));
        for (Room r : store.publicRooms()) {
            loadWithoutHistory(r);
            publicRooms++;
        }
    }

    /**
     * A public room at start, for the room list: its last message and its members now, its history
     * when first needed. Reading and encoding every public room's latest page before listening made
     * a restart with 1,000 rooms listen after 2.2 s instead of 0.7 s, later than the first clients
     * came back (docs/bench/PROFILE.md, section 12).
     */
    private void loadWithoutHistory(Room room) throws StoreException {
        // its page up to its last delivered seq: in a cluster, later ones may be stored, not yet delivered
        RoomState state = new RoomState(room, lastSeq -> historyOf(messages.before(room.id(), lastSeq + 1, pageSize), pageSize));
        endsWith(state, messages.latest(room.id(), 1));
        holdMembers(state);
    }

    /** @param kept messages kept in memory */
    private RoomState load(Room room, int kept) throws StoreException {
        List<ChatMessage> latest = messages.latest(room.id(), kept);
        RoomState state = new RoomState(room, historyOf(latest, kept));
        endsWith(state, latest); // the latest message is the last one: no query of its own
        return holdMembers(state);
    }

    /** Messages read from the store, oldest first, as they were broadcast. */
    private History historyOf(List<ChatMessage> latest, int kept) {
        History recent = new History(kept, pageSize);
        for (ChatMessage m : latest) {
            recent.add(m.seq(), writer.chat(m));
        }
        return recent;
    }

    /** The room's last seq and activity: those of the last of its latest messages, oldest first. */
    private static void endsWith(RoomState state, List<ChatMessage> latest) {
        ChatMessage last = latest.isEmpty() ? null : latest.get(latest.size() - 1);
        state.lastSeq = last == null ? 0 : last.seq();
        state.lastTime = last == null ? 0 : last.time();
    }

    /** Reads the room's members and read positions (none for the lobby) and holds the room. */
    private RoomState holdMembers(RoomState state) throws StoreException {
        if (!state.isLobby()) {
            state.members.addAll(store.members(state.id()));
            state.reads.putAll(store.readPositions(state.id()));
        }
        rooms.put(state.id(), state);
        watcher.loaded(state.id());
        return state;
    }

    /**
     * Another server changed the user's membership of the room, or made it: what is kept of both is
     * read from the store again (a public room made elsewhere joins the list).
     *
     * @param userIsHere whether the user has a connection on this server
     */
    void refresh(String roomId, String userId, boolean userIsHere) throws StoreException {
        if (userId != null) {
            roomsOfUser.remove(userId);
        }
        RoomState state = rooms.get(roomId);
        if (state == null) {
            // a public room joins the list; a direct conversation is held once one of its two is connected here
            Optional<Room> room = store.room(roomId);
            if (room.isPresent() && (!room.get().direct() || userIsHere)) {
                load(room.get(), pageSize);
                publicRooms += room.get().direct() ? 0 : 1;
            }
            return;
        }
        if (!state.isLobby()) {
            state.members.clear();
            state.members.addAll(store.members(roomId));
            store.readPositions(roomId).forEach((user, seq) -> state.reads.merge(user, seq, Math::max));
        }
    }

    /** Every room held here with its last delivered seq. */
    Map<String, Long> lastSeqs() {
        Map<String, Long> out = new HashMap<>();
        rooms.forEach((id, state) -> out.put(id, state.lastSeq));
        return out;
    }

    RoomState lobby() {
        return lobby;
    }

    /** The room, read from the store when not yet in memory; null when there is none. */
    RoomState find(String roomId) throws StoreException {
        RoomState state = rooms.get(roomId);
        if (state == null && !roomId.isEmpty()) {
            Optional<Room> room = store.room(roomId);
            if (room.isPresent()) {
                state = load(room.get(), pageSize);
            }
        }
        return state;
    }

    /** The room when the user is in it; unknown rooms and others' rooms are refused alike. */
    RoomState visible(String roomId, String userId) throws StoreException, RoomRefusal {
        RoomState state = find(roomId);
        if (state == null || !state.has(userId)) {
            throw RoomRefusal.noSuchRoom();
        }
        return state;
    }

    /** A room already in memory, or null: for messages, whose rooms were loaded when they were accepted. */
    RoomState loaded(String roomId) {
        return rooms.get(roomId);
    }

    /** The rooms the user is in, the lobby first. */
    List<RoomState> roomsOf(String userId) throws StoreException {
        List<RoomState> out = new ArrayList<>();
        out.add(lobby);
        for (String id : roomIdsOf(userId)) {
            RoomState state = find(id);
            if (state != null) {
                out.add(state);
            }
        }
        return out;
    }

    private Set<String> roomIdsOf(String userId) throws StoreException {
        Set<String> ids = roomsOfUser.get(userId);
        if (ids == null) {
            ids = new LinkedHashSet<>(store.roomsOf(userId));
            roomsOfUser.put(userId, ids);
        }
        return ids;
    }

    /** The lobby and every public room, oldest first. */
    List<RoomState> publicRooms() {
        List<RoomState> out = new ArrayList<>();
        out.add(lobby);
        rooms.values().stream().filter(r -> !r.room.direct() && !r.isLobby())
                .sorted((a, b) -> Long.compare(a.room.createdAt(), b.room.createdAt()))
                .forEach(out::add);
        return out;
    }

    RoomState create(String name, String userId, long time) throws StoreException, RoomRefusal {
        if (publicRooms >= limits.maxRooms()) {
            throw new RoomRefusal(ErrorCode.ROOM_LIMIT, "this server has " + limits.maxRooms()
                    + " rooms, as many as it keeps; join one of them");
        }
        checkMembershipLimit(userId);
        Room room = store.createRoom(name, time);
        store.join(room.id(), userId, time);
        publicRooms++;
        RoomState state = load(room, pageSize);
        roomIdsOf(userId).add(room.id());
        watcher.changed(room.id(), userId);
        return state;
    }

    /** Adds the user to a public room; a room they are in already is simply returned. */
    RoomState join(String roomId, String userId, long time) throws StoreException, RoomRefusal {
        RoomState state = find(roomId);
        if (state == null || (state.room.direct() && !state.has(userId))) {
            throw RoomRefusal.noSuchRoom();
        }
        if (state.has(userId)) {
            return state;
        }
        checkMembershipLimit(userId);
        if (state.members.size() >= limits.maxMembersPerRoom()) {
            throw new RoomRefusal(ErrorCode.ROOM_FULL, "the room has " + limits.maxMembersPerRoom()
                    + " members, as many as a room may have");
        }
        store.join(roomId, userId, time);
        state.members.add(userId);
        roomIdsOf(userId).add(roomId);
        watcher.changed(roomId, userId);
        return state;
    }

    void leave(String roomId, String userId) throws StoreException, RoomRefusal {
        RoomState state = visible(roomId, userId);
        if (state.isLobby() || state.room.direct()) {
            throw new RoomRefusal(ErrorCode.CANNOT_LEAVE, state.isLobby()
                    ? "everyone is in the lobby; it cannot be left" : "a direct conversation cannot be left");
        }
        store.leave(roomId, userId);
        state.members.remove(userId);
        roomIdsOf(userId).remove(roomId);
        watcher.changed(roomId, userId);
    }

    /** The direct conversation of the two, made the first time; the same whichever of them asks. */
    RoomState openDirect(String userId, String otherId, long time) throws StoreException, RoomRefusal {
        for (RoomState r : roomsOf(userId)) {
            if (r.room.direct() && r.members.contains(otherId)) {
                return r;
            }
        }
        checkDirectLimit(userId, "you have");
        checkDirectLimit(otherId, "they have");
        Room room = store.directRoom(userId, otherId, time);
        RoomState state = find(room.id());
        roomIdsOf(userId).add(room.id());
        roomIdsOf(otherId).add(room.id());
        watcher.changed(room.id(), userId);
        watcher.changed(room.id(), otherId);
        return state;
    }

    /** A stored message: it becomes the room's latest. */
    void stored(ChatMessage m, String frame) {
        RoomState state = rooms.get(m.room());
        if (state != null) {
            state.stored(m.seq(), frame);
            state.lastSeq = m.seq();
            state.lastTime = m.time();
        }
    }

    private void checkMembershipLimit(String userId) throws StoreException, RoomRefusal {
        long in = roomsOf(userId).stream().filter(r -> !r.isLobby() && !r.room.direct()).count();
        if (in >= limits.maxRoomsPerUser()) {
            throw new RoomRefusal(ErrorCode.MEMBERSHIP_LIMIT, "you are in " + limits.maxRoomsPerUser()
                    + " rooms, as many as one may be; leave one first");
        }
    }

    private void checkDirectLimit(String userId, String who) throws StoreException, RoomRefusal {
        long direct = roomsOf(userId).stream().filter(r -> r.room.direct()).count();
        if (direct >= limits.maxDirectPerUser()) {
            throw new RoomRefusal(ErrorCode.DIRECT_LIMIT, who + " " + limits.maxDirectPerUser()
                    + " direct conversations, as many as one may have");
        }
    }
}
