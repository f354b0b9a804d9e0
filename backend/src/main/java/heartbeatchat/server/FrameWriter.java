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
     */
    SharedFrame loginReply(String userId, String epoch, String usersJson, int usersTotal,
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

    private String write(ObjectNode o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }
}
