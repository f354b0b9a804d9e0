package heartbeatchat.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import heartbeatchat.shared.protocol.ClientFrame;
import heartbeatchat.shared.protocol.ClientFrames;
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

/**
 * The server's side of the {@link ClientFrames} port, with Jackson: {@link #decode} turns a client's
 * text frame into a validated {@link ClientFrame}, never throwing (unknown fields are ignored);
 * {@link #encode} writes one as a client would (the tests' clients, and the round trip that proves
 * both sides agree).
 */
final class ClientFrameCodec implements ClientFrames.Encoder, ClientFrames.Decoder {
    /** Most rooms a login may name: more than one user can be in under the default limits. */
    static final int MAX_ROOMS_IN_LOGIN = 2_000;
    private final ObjectMapper mapper;

    ClientFrameCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public ClientFrame decode(String text) {
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

    @Override
    public String encode(ClientFrame frame) {
        if (frame instanceof ClientFrame.Check) {
            return Wire.PING_FRAME; // exactly the note's bytes
        }
        ObjectNode o = mapper.createObjectNode();
        if (frame instanceof ClientFrame.Login login) {
            LoginRequest r = login.request();
            o.put(Wire.TYPE, Wire.TYPE_LOGIN);
            putIfNotNull(o, Wire.SOCKET_ID, r.socketId());
            o.put(Wire.USER_NAME, r.userName());
            putIfNotNull(o, Wire.USER_AVATAR, r.userAvatar());
            o.put(Wire.OPENID, r.openid());
            if (r.lastSeq() >= 0) {
                o.put(Wire.LAST_SEQ, r.lastSeq());
            }
            putIfNotNull(o, Wire.EPOCH, r.epoch());
            if (r.rooms() != null) {
                ObjectNode rooms = o.putObject(Wire.ROOMS);
                r.rooms().forEach(rooms::put);
            }
        } else if (frame instanceof ClientFrame.Chat chat) {
            o.put(Wire.TYPE, Wire.TYPE_MESSAGE).put(Wire.ROOM, chat.room()).put(Wire.DATA, chat.data());
            putIfNotNull(o, Wire.CLIENT_MSG_ID, chat.clientMsgId());
        } else if (frame instanceof ClientFrame.History h) {
            o.put(Wire.TYPE, Wire.TYPE_HISTORY).put(Wire.ROOM, h.room()).put(Wire.BEFORE, h.before());
        } else if (frame instanceof ClientFrame.ListRooms) {
            o.put(Wire.TYPE, Wire.TYPE_ROOMS);
        } else if (frame instanceof ClientFrame.CreateRoom c) {
            o.put(Wire.TYPE, Wire.TYPE_CREATE_ROOM).put(Wire.NAME, c.name());
        } else if (frame instanceof ClientFrame.JoinRoom j) {
            o.put(Wire.TYPE, Wire.TYPE_JOIN_ROOM).put(Wire.ROOM, j.room());
        } else if (frame instanceof ClientFrame.LeaveRoom l) {
            o.put(Wire.TYPE, Wire.TYPE_LEAVE_ROOM).put(Wire.ROOM, l.room());
        } else if (frame instanceof ClientFrame.OpenDirect d) {
            o.put(Wire.TYPE, Wire.TYPE_OPEN_DIRECT).put(Wire.USER_ID, d.userId());
        } else if (frame instanceof ClientFrame.Typing t) {
            o.put(Wire.TYPE, Wire.TYPE_TYPING).put(Wire.ROOM, t.room());
        } else if (frame instanceof ClientFrame.Read r) {
            o.put(Wire.TYPE, Wire.TYPE_READ).put(Wire.ROOM, r.room()).put(Wire.SEQ, r.seq());
        } else {
            throw new IllegalArgumentException("not a frame a client sends: " + frame);
        }
        try {
            return mapper.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    private static void putIfNotNull(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
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
        if (TextRules.isUnstorable(text)) {
            return new ClientFrame.Invalid(ErrorCode.INVALID_FIELD, "field 'data' is not valid Unicode or holds a NUL character",
                    clientMsgId);
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
        if (TextRules.isUnstorable(node.textValue())) {
            return new Field(null, invalid(ErrorCode.INVALID_FIELD,
                    "field '" + name + "' is not valid Unicode or holds a NUL character"));
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
