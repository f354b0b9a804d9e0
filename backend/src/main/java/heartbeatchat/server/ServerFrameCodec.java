package heartbeatchat.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import heartbeatchat.server.transport.SharedFrame;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.RoomEntry;
import heartbeatchat.shared.protocol.RoomSummary;
import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.shared.protocol.ServerFrame;
import heartbeatchat.shared.protocol.ServerFrames;
import heartbeatchat.shared.protocol.UserInfo;
import heartbeatchat.shared.protocol.Wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's side of the {@link ServerFrames} port, with Jackson. {@link #encode} writes any
 * {@link ServerFrame}; the frames sent to many are written once, whatever the number of recipients.
 * Where the server already holds part of a frame as JSON (a room's recent messages as they were
 * broadcast, the online list) the methods below copy it in instead of writing it again, and give
 * what {@link #encode} would give for the same frame: {@link #decode}, which the tests' clients use,
 * reads both alike ({@code ServerFrameCodecTest} proves it for every kind).
 */
final class ServerFrameCodec implements ServerFrames.Encoder, ServerFrames.Decoder {
    private static final byte[] HISTORY_MEMBER = (",\"" + Wire.HISTORY + "\":").getBytes(StandardCharsets.UTF_8);
    private static final byte[] USERS_MEMBER = (",\"" + Wire.USERS + "\":").getBytes(StandardCharsets.UTF_8);
    private final ObjectMapper mapper;

    ServerFrameCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    // Writing

    @Override
    public String encode(ServerFrame frame) {
        if (frame instanceof ServerFrame.LoginReply r) {
            List<String> history = new ArrayList<>();
            r.history().forEach(m -> history.add(chat(m)));
            List<ObjectNode> rooms = null;
            if (r.rooms() != null) {
                rooms = new ArrayList<>();
                for (RoomEntry e : r.rooms()) {
                    rooms.add(roomEntry(e));
                }
            }
            return loginReply(r.userId(), r.epoch(), users(r.users()), r.usersTotal(),
                    rooms == null ? null : roomEntries(rooms), History.array(history), r.gapTooLarge()).text();
        }
        if (frame instanceof ServerFrame.Message m) {
            return chat(m.message());
        }
        if (frame instanceof ServerFrame.UserJoined j) {
            return presence(Wire.TYPE_JOIN, j.user(), j.time());
        }
        if (frame instanceof ServerFrame.UserLeft l) {
            return presence(Wire.TYPE_LEAVE, l.user(), l.time());
        }
        if (frame instanceof ServerFrame.Error e) {
            return error(e.code(), e.message(), e.clientMsgId());
        }
        if (frame instanceof ServerFrame.HistoryPage h) {
            return historyPage(h.room(), h.before(), h.messages(), h.complete());
        }
        if (frame instanceof ServerFrame.Room r) {
            return room(roomEntry(r.entry()));
        }
        if (frame instanceof ServerFrame.RoomList l) {
            return roomList(l.rooms());
        }
        if (frame instanceof ServerFrame.Members m) {
            return members(m.room(), m.members());
        }
        if (frame instanceof ServerFrame.RoomLeft l) {
            return left(l.room());
        }
        if (frame instanceof ServerFrame.Typing t) {
            return typing(t.room(), t.user());
        }
        if (frame instanceof ServerFrame.Read r) {
            return read(r.room(), r.userId(), r.seq());
        }
        throw new IllegalArgumentException("not a frame the server sends: " + frame);
    }

    /**
     * A login reply; {@code usersUtf8} is the UTF-8 array from {@link #users}, reused while nobody on
     * it changes, and {@code historyUtf8} a UTF-8 array of message frames as {@link #chat} wrote them.
     * Both are copied in as they are: the users and the history, most of the reply, are neither
     * serialized nor encoded again for each login.
     *
     * @param roomsJson the array of {@link #roomEntry room entries} for a client that knows rooms, or null
     */
    SharedFrame loginReply(String userId, String epoch, byte[] usersUtf8, int usersTotal, String roomsJson,
                           byte[] historyUtf8, boolean gapTooLarge) {
        // {...} to which the users and the history are added as the last members; written field by
        // field rather than built as a tree for Jackson's serializers: one login costs less, and less
        // code is compiled while a fresh process takes its first logins (docs/bench/PROFILE.md, section 12)
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream(128 + (roomsJson == null ? 0 : roomsJson.length()));
        try (JsonGenerator g = mapper.getFactory().createGenerator(headBytes)) {
            g.writeStartObject();
            g.writeStringField(Wire.TYPE, Wire.TYPE_LOGIN);
            g.writeBooleanField(Wire.OK, true);
            g.writeStringField(Wire.USER_ID, userId);
            g.writeStringField(Wire.EPOCH, epoch);
            if (gapTooLarge) {
                g.writeBooleanField(Wire.GAP_TOO_LARGE, true);
            }
            g.writeNumberField(Wire.USERS_TOTAL, usersTotal);
            if (roomsJson != null) {
                g.writeFieldName(Wire.ROOMS);
                g.writeRawValue(roomsJson);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory does not fail", e);
        }
        byte[] head = headBytes.toByteArray();
        byte[] reply = new byte[head.length - 1 + USERS_MEMBER.length + usersUtf8.length + HISTORY_MEMBER.length
                + historyUtf8.length + 1];
        int at = head.length - 1;
        System.arraycopy(head, 0, reply, 0, at);
        for (byte[] part : new byte[][] {USERS_MEMBER, usersUtf8, HISTORY_MEMBER, historyUtf8}) {
            System.arraycopy(part, 0, reply, at, part.length);
            at += part.length;
        }
        reply[at] = '}';
        return SharedFrame.ofUtf8(reply);
    }

    /** The JSON array of users for login replies, in UTF-8. */
    byte[] users(Collection<UserInfo> users) {
        ArrayNode u = mapper.createArrayNode();
        users.forEach(user -> u.add(user(user)));
        return writeUtf8(u);
    }

    String chat(ChatMessage m) {
        return write(message(m));
    }

    /** A page of older messages, oldest first, each as it was broadcast. */
    String historyPage(String room, long before, List<ChatMessage> messages, boolean complete) {
        ObjectNode o = frame(Wire.TYPE_HISTORY);
        o.put(Wire.ROOM, room);
        o.put(Wire.BEFORE, before);
        ArrayNode list = o.putArray(Wire.MESSAGES);
        for (ChatMessage m : messages) {
            list.add(message(m));
        }
        o.put(Wire.COMPLETE, complete);
        return write(o);
    }

    /**
     * One room as a member sees it ({@link RoomEntry}), with its messages copied in as they were broadcast.
     *
     * @param with        the other user of a direct conversation, else null
     * @param members     how many are in it (for the lobby: online)
     * @param read        the user's own read position
     * @param historyUtf8 a UTF-8 array of message frames, or null for none (the lobby's history is the reply's own)
     */
    ObjectNode roomEntry(RoomState room, UserInfo with, int members, long read, byte[] historyUtf8, boolean gapTooLarge) {
        ObjectNode o = entryHead(room.id(), room.room.name(), room.room.direct(), with, members, room.lastSeq,
                room.lastTime, read, room.isLobby() ? Map.of() : room.reads, gapTooLarge);
        if (historyUtf8 != null) {
            o.putRawValue(Wire.HISTORY, new RawValue(new String(historyUtf8, StandardCharsets.UTF_8)));
        }
        return o;
    }

    private ObjectNode roomEntry(RoomEntry e) {
        ObjectNode o = entryHead(e.id(), e.name(), e.direct(), e.with(), e.members(), e.lastSeq(), e.lastTime(),
                e.read(), e.reads(), e.gapTooLarge());
        if (!e.history().isEmpty()) {
            ArrayNode list = o.putArray(Wire.HISTORY);
            e.history().forEach(m -> list.add(message(m)));
        }
        return o;
    }

    private ObjectNode entryHead(String id, String name, boolean direct, UserInfo with, int members, long lastSeq,
                                 long lastTime, long read, Map<String, Long> reads, boolean gapTooLarge) {
        ObjectNode o = mapper.createObjectNode();
        o.put(Wire.ROOM, id);
        o.put(Wire.NAME, name);
        o.put(Wire.DIRECT, direct);
        if (with != null) {
            o.set(Wire.WITH, user(with));
        }
        o.put(Wire.MEMBERS, members);
        o.put(Wire.LAST_SEQ, lastSeq);
        o.put(Wire.LAST_TIME, lastTime);
        o.put(Wire.READ, read);
        o.put(Wire.UNREAD, Math.max(0, lastSeq - read));
        if (!Rooms.LOBBY.equals(id)) {
            ObjectNode readsObject = o.putObject(Wire.READS);
            reads.forEach(readsObject::put);
        }
        if (gapTooLarge) {
            o.put(Wire.GAP_TOO_LARGE, true);
        }
        return o;
    }

    /** The login reply's {@code rooms}. */
    String roomEntries(List<ObjectNode> entries) {
        ArrayNode a = mapper.createArrayNode();
        entries.forEach(a::add);
        return write(a);
    }

    /** {@code {"type":"room",…}}: the user is in this room now. */
    String room(ObjectNode entry) {
        ObjectNode o = frame(Wire.TYPE_ROOM);
        o.setAll(entry);
        return write(o);
    }

    /** {@code {"type":"rooms","rooms":[…]}}: the lobby and the public rooms, with whether the user is in each. */
    String roomList(List<RoomState> rooms, String userId, int lobbyMembers) {
        List<RoomSummary> list = new ArrayList<>(rooms.size());
        for (RoomState r : rooms) {
            list.add(new RoomSummary(r.id(), r.room.name(), r.isLobby() ? lobbyMembers : r.members.size(), r.lastSeq,
                    r.lastTime, r.has(userId)));
        }
        return roomList(list);
    }

    private String roomList(List<RoomSummary> rooms) {
        ObjectNode o = frame(Wire.TYPE_ROOMS);
        ArrayNode list = o.putArray(Wire.ROOMS);
        for (RoomSummary r : rooms) {
            ObjectNode e = list.addObject();
            e.put(Wire.ROOM, r.id());
            e.put(Wire.NAME, r.name());
            e.put(Wire.MEMBERS, r.members());
            e.put(Wire.LAST_SEQ, r.lastSeq());
            e.put(Wire.LAST_TIME, r.lastTime());
            e.put(Wire.JOINED, r.joined());
        }
        return write(o);
    }

    String members(String roomId, int members) {
        return write(frame(Wire.TYPE_MEMBERS).put(Wire.ROOM, roomId).put(Wire.MEMBERS, members));
    }

    String left(String roomId) {
        return write(frame(Wire.TYPE_LEFT).put(Wire.ROOM, roomId));
    }

    String typing(String roomId, UserInfo user) {
        ObjectNode o = frame(Wire.TYPE_TYPING).put(Wire.ROOM, roomId);
        o.setAll(user(user));
        return write(o);
    }

    String read(String roomId, String userId, long seq) {
        return write(frame(Wire.TYPE_READ).put(Wire.ROOM, roomId).put(Wire.USER_ID, userId).put(Wire.SEQ, seq));
    }

    /** @param type {@link Wire#TYPE_JOIN} or {@link Wire#TYPE_LEAVE} */
    String presence(String type, UserInfo user, long time) {
        ObjectNode o = frame(type);
        o.setAll(user(user));
        o.put(Wire.TIME, time);
        return write(o);
    }

    /** @param clientMsgId the refused message's id, or null */
    String error(ErrorCode code, String message, String clientMsgId) {
        return error(code.wire(), message, clientMsgId);
    }

    private String error(String code, String message, String clientMsgId) {
        ObjectNode o = frame(Wire.TYPE_ERROR);
        o.put(Wire.CODE, code);
        o.put(Wire.MESSAGE, message);
        if (clientMsgId != null) {
            o.put(Wire.CLIENT_MSG_ID, clientMsgId);
        }
        return write(o);
    }

    private ObjectNode message(ChatMessage m) {
        ObjectNode o = frame(Wire.TYPE_MESSAGE);
        o.put(Wire.ROOM, m.room());
        o.put(Wire.SEQ, m.seq());
        o.put(Wire.TIME, m.time());
        o.put(Wire.USER_ID, m.userId());
        o.put(Wire.USER_NAME, m.userName());
        o.put(Wire.USER_AVATAR, m.userAvatar());
        o.put(Wire.DATA, m.data());
        if (m.clientMsgId() != null) {
            o.put(Wire.CLIENT_MSG_ID, m.clientMsgId());
        }
        return o;
    }

    private ObjectNode user(UserInfo user) {
        ObjectNode o = mapper.createObjectNode();
        o.put(Wire.USER_ID, user.userId());
        o.put(Wire.USER_NAME, user.userName());
        o.put(Wire.USER_AVATAR, user.userAvatar());
        return o;
    }

    private ObjectNode frame(String type) {
        return mapper.createObjectNode().put(Wire.TYPE, type);
    }

    private byte[] writeUtf8(JsonNode o) {
        try {
            return mapper.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    private String write(JsonNode o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    // Reading

    /** A frame as a client reads it: what it needs must be there with its JSON type, or the frame is {@link ServerFrame.Unknown}. */
    @Override
    public ServerFrame decode(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return new ServerFrame.Unknown(null);
        }
        if (root == null || !root.isObject()) {
            return new ServerFrame.Unknown(null);
        }
        String type = string(root, Wire.TYPE);
        try {
            ServerFrame frame = type == null ? null : decode(type, root);
            return frame == null ? new ServerFrame.Unknown(type) : frame;
        } catch (MissingField e) {
            return new ServerFrame.Unknown(type);
        }
    }

    private ServerFrame decode(String type, JsonNode o) {
        return switch (type) {
            case Wire.TYPE_LOGIN -> loginReply(o);
            case Wire.TYPE_MESSAGE -> new ServerFrame.Message(message(o));
            case Wire.TYPE_JOIN -> new ServerFrame.UserJoined(user(o), number(o, Wire.TIME));
            case Wire.TYPE_LEAVE -> new ServerFrame.UserLeft(user(o), number(o, Wire.TIME));
            case Wire.TYPE_ERROR -> new ServerFrame.Error(required(o, Wire.CODE), string(o, Wire.MESSAGE),
                    string(o, Wire.CLIENT_MSG_ID));
            case Wire.TYPE_HISTORY -> new ServerFrame.HistoryPage(roomOf(o), number(o, Wire.BEFORE),
                    messages(o.get(Wire.MESSAGES)), o.path(Wire.COMPLETE).asBoolean(false));
            case Wire.TYPE_ROOM -> new ServerFrame.Room(roomEntryOf(o));
            case Wire.TYPE_ROOMS -> new ServerFrame.RoomList(summaries(o.get(Wire.ROOMS)));
            case Wire.TYPE_MEMBERS -> new ServerFrame.Members(required(o, Wire.ROOM), (int) number(o, Wire.MEMBERS));
            case Wire.TYPE_LEFT -> new ServerFrame.RoomLeft(required(o, Wire.ROOM));
            case Wire.TYPE_TYPING -> new ServerFrame.Typing(required(o, Wire.ROOM), user(o));
            case Wire.TYPE_READ -> new ServerFrame.Read(required(o, Wire.ROOM), required(o, Wire.USER_ID),
                    number(o, Wire.SEQ));
            default -> null;
        };
    }

    private ServerFrame loginReply(JsonNode o) {
        if (!o.path(Wire.OK).asBoolean(false)) {
            return null;
        }
        List<UserInfo> users = new ArrayList<>();
        for (JsonNode u : array(o.get(Wire.USERS))) {
            users.add(user(u));
        }
        List<RoomEntry> rooms = null;
        if (o.has(Wire.ROOMS)) {
            rooms = new ArrayList<>();
            for (JsonNode e : array(o.get(Wire.ROOMS))) {
                rooms.add(roomEntryOf(e));
            }
        }
        long total = o.path(Wire.USERS_TOTAL).isNumber() ? o.get(Wire.USERS_TOTAL).asLong() : users.size();
        return new ServerFrame.LoginReply(required(o, Wire.USER_ID), string(o, Wire.EPOCH),
                o.path(Wire.GAP_TOO_LARGE).asBoolean(false), users, (int) total, rooms, messages(o.get(Wire.HISTORY)));
    }

    private RoomEntry roomEntryOf(JsonNode o) {
        Map<String, Long> reads = new LinkedHashMap<>();
        JsonNode readsObject = o.get(Wire.READS);
        if (readsObject != null && readsObject.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = readsObject.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNumber()) {
                    reads.put(e.getKey(), e.getValue().asLong());
                }
            }
        }
        JsonNode with = o.get(Wire.WITH);
        String name = string(o, Wire.NAME);
        return new RoomEntry(required(o, Wire.ROOM), name == null ? "" : name, o.path(Wire.DIRECT).asBoolean(false),
                with != null && with.isObject() ? user(with) : null, (int) o.path(Wire.MEMBERS).asLong(0),
                o.path(Wire.LAST_SEQ).asLong(0), o.path(Wire.LAST_TIME).asLong(0), o.path(Wire.READ).asLong(0), reads,
                o.path(Wire.GAP_TOO_LARGE).asBoolean(false), messages(o.get(Wire.HISTORY)));
    }

    private List<RoomSummary> summaries(JsonNode list) {
        List<RoomSummary> out = new ArrayList<>();
        for (JsonNode r : array(list)) {
            String name = string(r, Wire.NAME);
            out.add(new RoomSummary(required(r, Wire.ROOM), name == null ? "" : name, (int) r.path(Wire.MEMBERS).asLong(0),
                    r.path(Wire.LAST_SEQ).asLong(0), r.path(Wire.LAST_TIME).asLong(0), r.path(Wire.JOINED).asBoolean(false)));
        }
        return out;
    }

    private List<ChatMessage> messages(JsonNode list) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : array(list)) {
            out.add(message(m));
        }
        return out;
    }

    private static ChatMessage message(JsonNode o) {
        String userName = string(o, Wire.USER_NAME);
        String avatar = string(o, Wire.USER_AVATAR);
        return new ChatMessage(roomOf(o), number(o, Wire.SEQ), o.path(Wire.TIME).asLong(0), required(o, Wire.USER_ID),
                userName == null ? "" : userName, avatar == null ? "" : avatar, required(o, Wire.DATA),
                string(o, Wire.CLIENT_MSG_ID));
    }

    private static UserInfo user(JsonNode o) {
        String userName = string(o, Wire.USER_NAME);
        String avatar = string(o, Wire.USER_AVATAR);
        return new UserInfo(required(o, Wire.USER_ID), userName == null ? "" : userName, avatar == null ? "" : avatar);
    }

    /** A frame that names no room is the lobby's, as it was before rooms. */
    private static String roomOf(JsonNode o) {
        String room = string(o, Wire.ROOM);
        return room == null ? Rooms.LOBBY : room;
    }

    private static Iterable<JsonNode> array(JsonNode node) {
        return node != null && node.isArray() ? node : List.of();
    }

    private static String string(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static String required(JsonNode o, String field) {
        String v = string(o, field);
        if (v == null) {
            throw new MissingField();
        }
        return v;
    }

    private static long number(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isNumber()) {
            throw new MissingField();
        }
        return v.asLong();
    }

    /** A field a frame needs is missing or has the wrong type: the frame is one this client cannot use. */
    private static final class MissingField extends RuntimeException {
        MissingField() {
            super(null, null, false, false);
        }
    }
}
