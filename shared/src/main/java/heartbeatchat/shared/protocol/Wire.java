package heartbeatchat.shared.protocol;

/**
 * Every name that appears on the wire, spelled once. The frames are JSON text objects with a
 * {@code type} field; both sides ignore fields they do not know. See docs/PROTOCOL.md.
 */
public final class Wire {
    private Wire() {
    }

    // frame types
    public static final String TYPE_LOGIN = "login";
    public static final String TYPE_CHECK = "check";
    public static final String TYPE_MESSAGE = "message";
    public static final String TYPE_JOIN = "join";
    public static final String TYPE_LEAVE = "leave";
    public static final String TYPE_ERROR = "error";
    /** A page of older messages: asked for with {@link #BEFORE}, answered with {@link #MESSAGES}. */
    public static final String TYPE_HISTORY = "history";

    // field names
    public static final String TYPE = "type";
    public static final String DATA = "data";
    public static final String SOCKET_ID = "socketId";
    public static final String USER_NAME = "userName";
    public static final String USER_AVATAR = "userAvatar";
    public static final String OPENID = "openid";
    public static final String OK = "ok";
    public static final String USER_ID = "userId";
    public static final String EPOCH = "epoch";
    public static final String LAST_SEQ = "lastSeq";
    public static final String CLIENT_MSG_ID = "clientMsgId";
    /** In a login reply: the client missed more than the resume limit, so history is the latest page only. */
    public static final String GAP_TOO_LARGE = "gapTooLarge";
    public static final String USERS = "users";
    /** In a login reply: how many users are online; {@code users} lists at most the presence limit. */
    public static final String USERS_TOTAL = "usersTotal";
    public static final String HISTORY = "history";
    public static final String SEQ = "seq";
    public static final String ROOM = "room";
    public static final String BEFORE = "before";
    public static final String MESSAGES = "messages";
    /** In a history page: the room's first message is in it, or there is nothing before it. */
    public static final String COMPLETE = "complete";
    public static final String TIME = "time";
    public static final String CODE = "code";
    public static final String MESSAGE = "message";

    // heartbeat payloads
    public static final String PING = "ping";
    public static final String PONG = "pong";

    /** The heartbeat request, exactly as the original design note sends it. */
    public static final String PING_FRAME = "{\"type\":\"check\",\"data\":\"ping\"}";

    /** The heartbeat reply. The server sends exactly these bytes, so a client can spot it cheaply. */
    public static final String PONG_FRAME = "{\"type\":\"check\",\"data\":\"pong\"}";

    public static boolean isPong(String frame) {
        return PONG_FRAME.equals(frame);
    }
}
