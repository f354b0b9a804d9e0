package heartbeatchat.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.Limits;
import heartbeatchat.shared.protocol.LoginRequest;
import heartbeatchat.shared.protocol.RoomNames;
import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.shared.protocol.TextRules;
import heartbeatchat.shared.protocol.UserNames;
import heartbeatchat.shared.protocol.Wire;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Turns a client's text frame into a {@link ClientFrame}, never throwing. Unknown fields are ignored. */
final class FrameReader {
    /** Most rooms a login may name: more than one user can be in under the default limits. */
    static final int MAX_ROOMS_IN_LOGIN = 2_000;
    private final ObjectMapper mapper;

    FrameReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ClientFrame read(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return invalid(ErrorCode.INVALID_JSON, "the frame is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return invalid(ErrorCode.NOT_AN_OBJECT, "a frame must be a JSON object");
        }
        JsonNode type = root.get(Wire.TYPE);
        if (type == null || !type.isTextual()) {
            return invalid(ErrorCode.INVALID_FIELD, "field 'type' must be a string");
        }
        return switch (type.textValue()) {
            case Wire.TYPE_CHECK -> new ClientFrame.Check();
            case Wire.TYPE_LOGIN -> login(root);
            case Wire.TYPE_MESSAGE -> chat(root);
            case Wire.TYPE_HISTORY -> history(root);
            case Wire.TYPE_ROOMS -> new ClientFrame.ListRooms();
            case Wire.TYPE_CREATE_ROOM -> createRoom(root);
            case Wire.TYPE_JOIN_ROOM -> roomNamed(root, ClientFrame.JoinRoom::new);
            case Wire.TYPE_LEAVE_ROOM -> roomNamed(root, ClientFrame.LeaveRoom::new);
            case Wire.TYPE_TYPING -> roomNamed(root, ClientFrame.Typing::new);
            case Wire.TYPE_OPEN_DIRECT -> openDirect(root);
            case Wire.TYPE_READ -> read(root);
            default -> invalid(ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + abbreviate(type.textValue()) + "'");
        };
    }

    private static ClientFrame login(JsonNode root) {
        Field openid = string(root, Wire.OPENID, true, Limits.MAX_OPENID_LENGTH);
        if (openid.problem != null) {
            return openid.problem;
        }
        if (openid.value.isEmpty()) {
            return invalid(ErrorCode.INVALID_FIELD, "field 'openid' must not be empty");
        }
        if (openid.value.length() < Limits.MIN_OPENID_LENGTH) {
            return invalid(ErrorCode.OPENID_TOO_SHORT, "field 'openid' must have at least " + Limits.MIN_OPENID_LENGTH
                    + " characters, so that nobody can guess it");
        }
        Field name = string(root, Wire.USER_NAME, true, Integer.MAX_VALUE);
        if (name.problem != null) {
            return name.problem;
        }
        String userName = UserNames.normalize(name.value);
        ErrorCode nameProblem = UserNames.problem(userName);
        if (nameProblem == ErrorCode.NAME_EMPTY) {
            return invalid(nameProblem, "the user name must not be empty");
        }
        if (nameProblem == ErrorCode.NAME_TOO_LONG) {
            return invalid(nameProblem, "the user name is longer than " + Limits.MAX_USER_NAME_LENGTH + " characters");
        }
        if (nameProblem == ErrorCode.NAME_INVALID_CHARACTERS) {
            return invalid(nameProblem, "the user name holds a control, bidi or zero-width character");
        }
        Field avatar = string(root, Wire.USER_AVATAR, false, Limits.MAX_AVATAR_LENGTH);
        if (avatar.problem != null) {
            return avatar.problem;
        }
        Field socketId = string(root, Wire.SOCKET_ID, false, Limits.MAX_SOCKET_ID_LENGTH);
        if (socketId.problem != null) {
            return socketId.problem;
        }
        Field epoch = string(root, Wire.EPOCH, false, 64);
        if (epoch.problem != null) {
            return epoch.problem;
        }
        long lastSeq = -1;
        JsonNode seq = root.get(Wire.LAST_SEQ);
        if (seq != null && !seq.isNull()) {
            if (!seq.canConvertToExactIntegral() || !seq.canConvertToLong() || seq.asLong() < 0) {
                return invalid(ErrorCode.INVALID_FIELD, "field 'lastSeq' must be a whole number of 0 or more");
            }
            lastSeq = seq.asLong();
        }
        JsonNode roomsNode = root.get(Wire.ROOMS);
        Map<String, Long> rooms = null;
        if (roomsNode != null && !roomsNode.isNull()) {
            if (!roomsNode.isObject() || roomsNode.size() > MAX_ROOMS_IN_LOGIN) {
                return invalid(ErrorCode.INVALID_FIELD, "field 'rooms' must be an object of at most " + MAX_ROOMS_IN_LOGIN
                        + " room ids, each with the last seq the client has");
            }
            rooms = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = roomsNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().isEmpty() || e.getKey().length() > Limits.MAX_ROOM_ID_LENGTH || !isSeq(e.getValue(), 0)) {
                    return invalid(ErrorCode.INVALID_FIELD, "field 'rooms' must map room ids to whole numbers of 0 or more");
                }
                rooms.put(e.getKey(), e.getValue().asLong());
            }
        }
        return new ClientFrame.Login(new LoginRequest(socketId.value, userName, avatar.value, openid.value, lastSeq,
                epoch.value.isEmpty() ? null : epoch.value, rooms));
    }

    private static boolean isSeq(JsonNode n, long min) {
        return n != null && n.canConvertToExactIntegral() && n.canConvertToLong() && n.asLong() >= min;
    }

    private static ClientFrame createRoom(JsonNode root) {
        Field name = string(root, Wire.NAME, true, Integer.MAX_VALUE); // the server's limit is checked later
        return name.problem != null ? name.problem : new ClientFrame.CreateRoom(RoomNames.normalize(name.value));
    }

    /** A frame whose only field is a required room id. */
    private static ClientFrame roomNamed(JsonNode root, Function<String, ClientFrame> make) {
        Field room = string(root, Wire.ROOM, true, Limits.MAX_ROOM_ID_LENGTH);
        return room.problem != null ? room.problem : make.apply(room.value);
    }

    private static ClientFrame openDirect(JsonNode root) {
        Field user = string(root, Wire.USER_ID, true, Limits.MAX_ROOM_ID_LENGTH);
        return user.problem != null ? user.problem : new ClientFrame.OpenDirect(user.value);
    }

    private static ClientFrame read(JsonNode root) {
        Field room = string(root, Wire.ROOM, true, Limits.MAX_ROOM_ID_LENGTH);
        if (room.problem != null) {
            return room.problem;
        }
        JsonNode seq = root.get(Wire.SEQ);
        if (!isSeq(seq, 0)) {
            return invalid(ErrorCode.INVALID_FIELD, "field 'seq' must be a whole number of 0 or more");
        }
        return new ClientFrame.Read(room.value, seq.asLong());
    }

    private static ClientFrame history(JsonNode root) {
        Field room = string(root, Wire.ROOM, false, Limits.MAX_ROOM_ID_LENGTH);
        if (room.problem != null) {
            return room.problem;
        }
        JsonNode before = root.get(Wire.BEFORE);
        if (!isSeq(before, 1)) {
            return invalid(ErrorCode.INVALID_FIELD, "field 'before' must be a whole number of 1 or more");
        }
        return new ClientFrame.History(room.value.isEmpty() ? Rooms.LOBBY : room.value, before.asLong());
    }

    private static ClientFrame chat(JsonNode root) {
        Field id = string(root, Wire.CLIENT_MSG_ID, false, Limits.MAX_CLIENT_MSG_ID_LENGTH);
        if (id.problem != null) {
            return id.problem;
        }
        String clientMsgId = id.value.isEmpty() ? null : id.value;
        Field room = string(root, Wire.ROOM, false, Limits.MAX_ROOM_ID_LENGTH);
        if (room.problem != null) {
            return new ClientFrame.Invalid(room.problem.code(), room.problem.message(), clientMsgId);
        }
        JsonNode data = root.get(Wire.DATA);
        if (data == null || !data.isTextual()) {
            return new ClientFrame.Invalid(ErrorCode.INVALID_FIELD, "field 'data' must be a string", clientMsgId);
        }
        String text = data.textValue();
        if (TextRules.isBlank(text)) {
            return new ClientFrame.Invalid(ErrorCode.MESSAGE_EMPTY, "the message is empty", clientMsgId);
        }
        if (text.length() > Limits.MAX_MESSAGE_LENGTH) {
            return new ClientFrame.Invalid(ErrorCode.MESSAGE_TOO_LONG,
                    "the message is longer than " + Limits.MAX_MESSAGE_LENGTH + " characters", clientMsgId);
        }
        if (TextRules.hasUnpairedSurrogate(text)) {
            return new ClientFrame.Invalid(ErrorCode.INVALID_FIELD, "field 'data' is not valid Unicode", clientMsgId);
        }
        return new ClientFrame.Chat(room.value.isEmpty() ? Rooms.LOBBY : room.value, text, clientMsgId);
    }

    /** A string field: its value ("" when optional and absent) or the reason it is refused. */
    private record Field(String value, ClientFrame.Invalid problem) {
    }

    private static Field string(JsonNode root, String name, boolean required, int maxLength) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return required
                    ? new Field(null, invalid(ErrorCode.INVALID_FIELD, "field '" + name + "' is required"))
                    : new Field("", null);
        }
        if (!node.isTextual()) {
            return new Field(null, invalid(ErrorCode.INVALID_FIELD, "field '" + name + "' must be a string"));
        }
        if (node.textValue().length() > maxLength) {
            return new Field(null, invalid(ErrorCode.INVALID_FIELD,
                    "field '" + name + "' is longer than " + maxLength + " characters"));
        }
        if (TextRules.hasUnpairedSurrogate(node.textValue())) {
            return new Field(null, invalid(ErrorCode.INVALID_FIELD, "field '" + name + "' is not valid Unicode"));
        }
        return new Field(node.textValue(), null);
    }

    private static ClientFrame.Invalid invalid(ErrorCode code, String message) {
        return new ClientFrame.Invalid(code, message, null);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
