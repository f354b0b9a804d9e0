package heartbeatchat.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.UserInfo;
import heartbeatchat.shared.protocol.Wire;

import java.util.Collection;

/** Writes the server's frames. Each is serialized once, whatever the number of recipients. */
final class FrameWriter {
    private final ObjectMapper mapper;

    FrameWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * A login reply; {@code usersJson} is the array from {@link #users}, reused while nobody on it
     * changes, and {@code historyJson} an array of message frames as {@link #chat} wrote them.
     */
    String loginReply(String userId, String epoch, String usersJson, int usersTotal,
                      String historyJson, boolean gapTooLarge) {
        ObjectNode o = frame(Wire.TYPE_LOGIN);
        o.put(Wire.OK, true);
        o.put(Wire.USER_ID, userId);
        o.put(Wire.EPOCH, epoch);
        if (gapTooLarge) {
            o.put(Wire.GAP_TOO_LARGE, true);
        }
        o.putRawValue(Wire.USERS, new RawValue(usersJson));
        o.put(Wire.USERS_TOTAL, usersTotal);
        o.putRawValue(Wire.HISTORY, new RawValue(historyJson));
        return write(o);
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

    private String write(ObjectNode o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }
}
