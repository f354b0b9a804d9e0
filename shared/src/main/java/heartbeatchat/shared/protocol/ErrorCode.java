package heartbeatchat.shared.protocol;

/**
 * The stable codes of {@code {"type":"error","code":…,"message":…}} frames. The connection stays
 * open after each of them; clients may show the message or react to the code. Each code carries its
 * policy, as close codes do: a refused message whose code is {@link #sendAgainLater() transient} is
 * sent again later, the others refuse it for good; a code that {@link #refusesRoomRequest() refuses a
 * room request} answers a create, join, leave or open, and is shown beside the rooms.
 */
public enum ErrorCode {
    /** The frame is not valid JSON. */
    INVALID_JSON("invalid_json", false, false),
    /** The frame is JSON but not an object. */
    NOT_AN_OBJECT("not_an_object", false, false),
    /** The {@code type} field names no frame this server knows. */
    UNKNOWN_TYPE("unknown_type", false, false),
    /** A required field is missing or has the wrong JSON type. */
    INVALID_FIELD("invalid_field", false, false),
    /** A chat message arrived before a successful login on this connection. */
    NOT_LOGGED_IN("not_logged_in", true, false),
    /** A second login on a connection that is already logged in. */
    ALREADY_LOGGED_IN("already_logged_in", false, false),
    /** The openid is shorter than {@link Limits#MIN_OPENID_LENGTH}: it could be guessed. */
    OPENID_TOO_SHORT("openid_too_short", false, false),
    /** The user name is empty, or only white space and control characters. */
    NAME_EMPTY("name_empty", false, false),
    /** The user name is longer than {@link Limits#MAX_USER_NAME_LENGTH}. */
    NAME_TOO_LONG("name_too_long", false, false),
    /**
     * The user name holds a character that hides or disguises text: a control character, a bidi
     * override or isolate, or a zero-width character ({@link TextRules#isHiddenCharacter}).
     */
    NAME_INVALID_CHARACTERS("name_invalid_characters", false, false),
    /** The chat message is empty, or only white space and control characters. */
    MESSAGE_EMPTY("message_empty", false, false),
    /** The chat message is longer than {@link Limits#MAX_MESSAGE_LENGTH}. */
    MESSAGE_TOO_LONG("message_too_long", false, false),
    /** More frames than the rate limit allows; this one was dropped. Slow down and send it again. */
    RATE_LIMITED("rate_limited", true, false),
    /** The message could not be stored, so it was not sent to anyone. Send it again later. */
    STORE_UNAVAILABLE("store_unavailable", true, false),
    /**
     * The room named does not exist or the user is not in it: the same answer for both, so a guess
     * learns nothing.
     */
    NO_SUCH_ROOM("no_such_room", false, true),
    /** No user with that id has ever logged in here: a direct conversation cannot be opened with them. */
    NO_SUCH_USER("no_such_user", false, true),
    /** The server has as many public rooms as it keeps; no more can be created. */
    ROOM_LIMIT("room_limit", false, true),
    /** The user is in as many rooms as one user may be; leave one first. */
    MEMBERSHIP_LIMIT("membership_limit", false, true),
    /** The room has as many members as a room may have. */
    ROOM_FULL("room_full", false, true),
    /** The user has as many direct conversations as one user may have. */
    DIRECT_LIMIT("direct_limit", false, true),
    /** The lobby and direct conversations cannot be left. */
    CANNOT_LEAVE("cannot_leave", false, true),
    /** The user already has the most connections one user may have; the connection is closed next. */
    TOO_MANY_CONNECTIONS("too_many_connections", false, false);

    private final String wire;
    private final boolean sendAgainLater;
    private final boolean refusesRoomRequest;

    ErrorCode(String wire, boolean sendAgainLater, boolean refusesRoomRequest) {
        this.wire = wire;
        this.sendAgainLater = sendAgainLater;
        this.refusesRoomRequest = refusesRoomRequest;
    }

    /** The code as it came on the wire, or null when this client does not know it. */
    public static ErrorCode of(String wire) {
        for (ErrorCode c : values()) {
            if (c.wire.equals(wire)) {
                return c;
            }
        }
        return null;
    }

    /** True when the code answers a room request (create, join, leave, open a direct conversation). */
    public boolean refusesRoomRequest() {
        return refusesRoomRequest;
    }

    /** True when the refusal is transient: the same message may succeed when sent again later. */
    public boolean sendAgainLater() {
        return sendAgainLater;
    }

    /** The policy of a code as it arrived on the wire; an unknown code refuses for good. */
    public static boolean sendAgainLater(String wire) {
        ErrorCode c = of(wire);
        return c != null && c.sendAgainLater;
    }

    /** The code as it appears in the frame. */
    public String wire() {
        return wire;
    }
}
