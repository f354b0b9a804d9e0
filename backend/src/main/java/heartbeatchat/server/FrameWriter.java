package heartbeatchat.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import heartbeatchat.server.transport.SharedFrame;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.UserInfo;
import heartbeatchat.shared.protocol.Wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Writes the server's frames. Each is serialized once, whatever the number of recipients. */
final class FrameWriter {
    private static final byte[] HISTORY_MEMBER = (",\"" + Wire.HISTORY + "\":").getBytes(StandardCharsets.UTF_8);
    private final ObjectMapper mapper;

    FrameWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * A login reply; {@code usersJson} is the array from {@link #users}, reused while nobody on it
     * changes, and {@code historyUtf8} a UTF-8 array of message frames as {@link #chat} wrote them,
     * copied in as it is: the history, most of the reply, is neither serialized nor encoded again.
     *
     * @param roomsJson the array of {@link #roomEntry room entries} for a client that knows rooms, or null
     */
    SharedFrame loginReply(String userId, String epoch, String usersJson, int usersTotal, String roomsJson,
                           byte[] historyUtf8, boolean gapTooLarge) {
        ObjectNode o = frame(Wire.TYPE_LOGIN);
        o.put(Wire.OK, true);
        o.put(Wire.USER_ID, userId);
        o.put(Wire.EPOCH, epoch);
        if (gapTooLarge) {
            o.put(Wire.GAP_TOO_LARGE, true);
        }
        o.putRawValue(Wire.USERS, new RawValue(usersJson));
        o.put(Wire.USERS_TOTAL, usersTotal);
        if (roomsJson != null) {
            o.putRawValue(Wire.ROOMS, new RawValue(roomsJson));
        }
        byte[] head = writeUtf8(o); // {...} to which the history is added as the last member
        byte[] key = HISTORY_MEMBER;
        byte[] reply = Arrays.copyOf(head, head.length - 1 + key.length + historyUtf8.length + 1);
        System.arraycopy(key, 0, reply, head.length - 1, key.length);
        System.arraycopy(historyUtf8, 0, reply, head.length - 1 + key.length, historyUtf8.length);
        reply[reply.length - 1] = '}';
        return SharedFrame.ofUtf8(reply);
    }

    /** The JSON array of users for login replies. */
    String users(Collection<UserInfo> users) {
        ArrayNode u = mapper.createArrayNode();
        users.forEach(user -> u.add(user(user)));
        try {
            return mapper.writeValueAsString(u);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
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
     * One room as a member sees it: in a login reply's {@code rooms}, and with {@code "type":"room"}
     * when the user creates, joins or opens it.
     *
     * @param with        the other user of a direct conversation, else null
     * @param members     how many are in it (for the lobby: online)
     * @param read        the user's own read position
     * @param historyUtf8 a UTF-8 array of message frames, or null for none (the lobby's history is the reply's own)
     */
    ObjectNode roomEntry(RoomState room, UserInfo with, int members, long read, byte[] historyUtf8, boolean gapTooLarge) {
        ObjectNode o = mapper.createObjectNode();
        o.put(Wire.ROOM, room.id());
        o.put(Wire.NAME, room.room.name());
        o.put(Wire.DIRECT, room.room.direct());
        if (with != null) {
            o.set(Wire.WITH, user(with));
        }
        o.put(Wire.MEMBERS, members);
        o.put(Wire.LAST_SEQ, room.lastSeq);
        o.put(Wire.LAST_TIME, room.lastTime);
        o.put(Wire.READ, read);
        o.put(Wire.UNREAD, Math.max(0, room.lastSeq - read));
        if (!room.isLobby()) {
            ObjectNode reads = o.putObject(Wire.READS);
            room.reads.forEach(reads::put);
        }
        if (gapTooLarge) {
            o.put(Wire.GAP_TOO_LARGE, true);
        }
        if (historyUtf8 != null) {
            o.putRawValue(Wire.HISTORY, new RawValue(new String(historyUtf8, StandardCharsets.UTF_8)));
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
        ObjectNode o = frame(Wire.TYPE_ROOMS);
        ArrayNode list = o.putArray(Wire.ROOMS);
        for (RoomState r : rooms) {
            ObjectNode e = list.addObject();
            e.put(Wire.ROOM, r.id());
            e.put(Wire.NAME, r.room.name());
            e.put(Wire.MEMBERS, r.isLobby() ? lobbyMembers : r.members.size());
            e.put(Wire.LAST_SEQ, r.lastSeq);
            e.put(Wire.LAST_TIME, r.lastTime);
            e.put(Wire.JOINED, r.has(userId));
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

    String presence(String type, UserInfo user, long time) {
        ObjectNode o = frame(type);
        o.setAll(user(user));
        o.put(Wire.TIME, time);
        return write(o);
    }

    /** @param clientMsgId the refused message's id, or null */
    String error(ErrorCode code, String message, String clientMsgId) {
        ObjectNode o = frame(Wire.TYPE_ERROR);
        o.put(Wire.CODE, code.wire());
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

    private byte[] writeUtf8(ObjectNode o) {
        try {
            return mapper.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    private String write(com.fasterxml.jackson.databind.JsonNode o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }
}
