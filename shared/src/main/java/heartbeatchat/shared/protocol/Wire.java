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
    /** Asks for the list of rooms; answered with the same type and {@link #ROOMS}. */
    public static final String TYPE_ROOMS = "rooms";
    public static final String TYPE_CREATE_ROOM = "createRoom";
    public static final String TYPE_JOIN_ROOM = "joinRoom";
    public static final String TYPE_LEAVE_ROOM = "leaveRoom";
    /** Opens the direct conversation with {@link #USER_ID}. */
    public static final String TYPE_OPEN_DIRECT = "openDirect";
    /** From the server: the user is in this room now (created, joined or opened), with its latest messages. */
    public static final String TYPE_ROOM = "room";
    /** From the server: a room's member count changed (someone joined or left it). */
    public static final String TYPE_MEMBERS = "members";
    /** From the server: the user left this room. */
    public static final String TYPE_LEFT = "left";
    public static final String TYPE_TYPING = "typing";
    /** A read position: from a client, how far it has shown a room; from the server, how far a member has read. */
    public static final String TYPE_READ = "read";

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
    /** In a login: the rooms the client knows, each with the last seq it has; in replies: a list of rooms. */
    public static final String ROOMS = "rooms";
    public static final String NAME = "name";
    public static final String DIRECT = "direct";
    /** In a direct conversation's entry: the other user. */
    public static final String WITH = "with";
    /** A room's member count. */
    public static final String MEMBERS = "members";
    public static final String LAST_TIME = "lastTime";
    public static final String UNREAD = "unread";
    /** The user's own read position in a room. */
    public static final String READ = "read";
    /** The other members' read positions in a room: an object from userId to seq. */
    public static final String READS = "reads";
    public static final String JOINED = "joined";
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
