package heartbeatchat.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import heartbeatchat.server.store.MessageStore;
import heartbeatchat.server.store.StoreException;
import heartbeatchat.server.transport.SharedFrame;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.ClientFrame;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.LoginRequest;
import heartbeatchat.shared.protocol.RoomNames;
import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.shared.protocol.UserInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a client that knows rooms asks of them: the list, create, join, leave, open a direct
 * conversation, typing and read positions; and the rooms part of its login reply. Who receives a
 * room's frames is the {@link Fanout}'s business. Every method is called under the {@link ChatRoom}'s
 * lock and only queues frames on the {@link Outgoing} it is given; the caller writes them after
 * releasing the lock.
 */
final class RoomRequests {
    private static final Logger log = LoggerFactory.getLogger(RoomRequests.class);

    private final Fanout fanout;
    private final Presence presence;
    private final RoomDirectory directory;
    private final MessageStore store;
    private final ServerFrameCodec writer;
    private final LaterWrites later;
    private final RoomLimits limits;
    private final RoomSettings settings;
    private final LongSupplier epochMillis;
    /** Users who logged in with rooms: who a direct conversation can be opened with, and how it names them. */
    private final Map<String, UserInfo> knownUsers = new HashMap<>();

    RoomRequests(Fanout fanout, Presence presence, RoomDirectory directory, MessageStore store,
                 ServerFrameCodec writer, LaterWrites later, RoomLimits limits, RoomSettings settings, LongSupplier epochMillis) {
        this.fanout = fanout;
        this.presence = presence;
        this.directory = directory;
        this.store = store;
        this.writer = writer;
        this.later = later;
        this.limits = limits;
        this.settings = settings;
        this.epochMillis = epochMillis;
    }

    /** Answers a room frame from a logged-in member. */
    void handle(Member member, ClientFrame frame, Outgoing out) throws StoreException, RoomRefusal {
        UserInfo user = member.user;
        String me = user.userId();
        long now = epochMillis.getAsLong();
        if (frame instanceof ClientFrame.ListRooms) {
            out.queue(member.connection, new SharedFrame(writer.roomList(directory.publicRooms(), me, presence.count())));
        } else if (frame instanceof ClientFrame.CreateRoom create) {
            ErrorCode problem = RoomNames.problem(create.name(), limits.maxRoomNameLength());
            if (problem != null) {
                throw new RoomRefusal(problem, switch (problem) {
                    case NAME_EMPTY -> "the room name must not be empty";
                    case NAME_TOO_LONG -> "the room name is longer than " + limits.maxRoomNameLength() + " characters";
                    default -> "the room name holds a control, bidi or zero-width character";
                });
            }
            RoomState room = directory.create(create.name(), me, now);
            log.info("room {} created by {}", room.id(), me);
            sendRoom(room, me, out);
        } else if (frame instanceof ClientFrame.JoinRoom join) {
            RoomState known = directory.find(join.room());
            int before = known == null ? -1 : known.members.size();
            RoomState room = directory.join(join.room(), me, now);
            sendRoom(room, me, out);
            if (room.members.size() != before) { // a new member, not a repeated join
                fanout.toRoom(room, me, new SharedFrame(writer.members(room.id(), room.members.size())), out);
            }
        } else if (frame instanceof ClientFrame.LeaveRoom leave) {
            directory.leave(leave.room(), me);
            SharedFrame left = new SharedFrame(writer.left(leave.room()));
            fanout.toUser(me, left, out);
            RoomState room = directory.loaded(leave.room());
            fanout.toRoom(room, me, new SharedFrame(writer.members(room.id(), room.members.size())), out);
        } else if (frame instanceof ClientFrame.OpenDirect open) {
            openDirect(me, open.userId(), now, out);
        } else if (frame instanceof ClientFrame.Typing typing) {
            typing(directory.visible(typing.room(), me), user, out);
        } else if (frame instanceof ClientFrame.Read read) {
            read(directory.visible(read.room(), me), me, read.seq(), out);
        }
    }

    private void openDirect(String me, String otherId, long now, Outgoing out) throws StoreException, RoomRefusal {
        if (otherId.equals(me)) {
            throw new RoomRefusal(ErrorCode.INVALID_FIELD, "a direct conversation is with someone else");
        }
        if (knownUser(otherId) == null) {
            throw new RoomRefusal(ErrorCode.NO_SUCH_USER, "nobody with that user id has used rooms here");
        }
        RoomState room = directory.openDirect(me, otherId, now);
        sendRoom(room, me, out);
        sendRoom(room, otherId, out);
    }

    /** Relays typing to the room's other members; in a lobby above the presence limit, to nobody (it would cost everyone a frame). */
    private void typing(RoomState room, UserInfo user, Outgoing out) {
        if (room.isLobby() && presence.count() > settings.presenceLimit()) {
            return;
        }
        SharedFrame frame = new SharedFrame(writer.typing(room.id(), user));
        fanout.toRoom(room, user.userId(), frame, out);
    }

    /**
     * Moves the user's read position forward (never past the room's last message) and tells the
     * room's members, so "Seen" and unread counts follow; in the lobby only the user's own other
     * connections are told.
     */
    private void read(RoomState room, String me, long seq, Outgoing out) throws StoreException {
        long position = Math.min(seq, room.lastSeq);
        if (position <= readPosition(room, me)) {
            return;
        }
        room.reads.put(me, position);
        later.read(me, room.id(), position);
        SharedFrame frame = new SharedFrame(writer.read(room.id(), me, position));
        if (room.isLobby()) {
            fanout.toUser(me, frame, out);
        } else {
            fanout.toRoom(room, null, frame, out);
        }
    }

    /** The user's read position; the lobby's, which is not loaded with the room, is read from the store once per user. */
    private long readPosition(RoomState room, String userId) throws StoreException {
        if (room.isLobby() && !room.reads.containsKey(userId)) {
            room.reads.put(userId, store.rooms().readPosition(userId, Rooms.LOBBY));
        }
        return room.readBy(userId);
    }

    /**
     * The rooms part of a login reply: every room the user is in, each resumed after the seq the
     * client gave for it (when the epoch matches) under the same limit and gap rule as the lobby,
     * or else with its latest page. The lobby's entry carries no history: the reply's own is it.
     */
    String loginRooms(UserInfo user, LoginRequest request, boolean sameEpoch) throws StoreException {
        knownUsers.put(user.userId(), user);
        later.user(user);
        List<ObjectNode> entries = new ArrayList<>();
        for (RoomState room : directory.roomsOf(user.userId())) {
            if (room.isLobby()) {
                // written before the login counts the user as online: count them if they are not yet
                int online = presence.count() + (presence.info(user.userId()) == null ? 1 : 0);
                entries.add(writer.roomEntry(room, null, online, readPosition(room, user.userId()), null, false));
                continue;
            }
            Long known = sameEpoch ? request.rooms().get(room.id()) : null;
            boolean gap = known != null && room.lastSeq - known > settings.resumeLimit();
            byte[] history = known == null || gap ? room.recent().latestPage() : after(room, known);
            entries.add(entry(room, user.userId(), history, gap));
        }
        return writer.roomEntries(entries);
    }

    /** The room's messages after {@code seq}: from memory when kept, else from the store. */
    private byte[] after(RoomState room, long seq) throws StoreException {
        if (room.recent().covers(seq)) {
            return room.recent().after(seq);
        }
        List<String> frames = new ArrayList<>();
        for (ChatMessage m : store.before(room.id(), room.lastSeq + 1, (int) (room.lastSeq - seq))) {
            frames.add(writer.chat(m));
        }
        return History.array(frames);
    }

    private ObjectNode entry(RoomState room, String userId, byte[] history, boolean gap) throws StoreException {
        UserInfo with = null;
        if (room.room.direct()) {
            for (String m : room.members) {
                if (!m.equals(userId)) {
                    with = knownUser(m);
                }
            }
        }
        return writer.roomEntry(room, with, room.members.size(), room.readBy(userId), history, gap);
    }

    /** Tells the user's connections that know rooms that they are in the room, with its latest page. */
    private void sendRoom(RoomState room, String userId, Outgoing out) throws StoreException {
        SharedFrame frame = new SharedFrame(writer.room(entry(room, userId, room.recent().latestPage(), false)));
        fanout.toUser(userId, frame, out);
    }

    /** Who the user is: as they logged in here, or are online on another server, or as the store last saw them. */
    private UserInfo knownUser(String userId) throws StoreException {
        UserInfo user = knownUsers.get(userId);
        if (user == null) {
            user = presence.info(userId); // online here or, in a cluster, elsewhere (the store may not have them yet)
        }
        if (user == null) {
            user = store.rooms().user(userId).orElse(null);
            if (user != null) {
                knownUsers.put(userId, user);
            }
        }
        return user;
    }
}
