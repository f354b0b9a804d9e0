package heartbeatchat.shared.protocol;

/**
 * The stable codes of {@code {"type":"error","code":…,"message":…}} frames. The connection stays
 * open after each of them; clients may show the message or react to the code.
 */
public enum ErrorCode {
    /** The frame is not valid JSON. */
    INVALID_JSON("invalid_json"),
    /** The frame is JSON but not an object. */
    NOT_AN_OBJECT("not_an_object"),
    /** The {@code type} field names no frame this server knows. */
    UNKNOWN_TYPE("unknown_type"),
    /** A required field is missing or has the wrong JSON type. */
    INVALID_FIELD("invalid_field"),
    /** A chat message arrived before a successful login on this connection. */
    NOT_LOGGED_IN("not_logged_in"),
    /** A second login on a connection that is already logged in. */
    ALREADY_LOGGED_IN("already_logged_in"),
    /** The openid is shorter than {@link Limits#MIN_OPENID_LENGTH}: it could be guessed. */
    OPENID_TOO_SHORT("openid_too_short"),
    /** The user name is empty, or only white space and control characters. */
    NAME_EMPTY("name_empty"),
    /** The user name is longer than {@link Limits#MAX_USER_NAME_LENGTH}. */
    NAME_TOO_LONG("name_too_long"),
    /**
     * The user name holds a character that hides or disguises text: a control character, a bidi
     * override or isolate, or a zero-width character ({@link TextRules#isHiddenCharacter}).
     */
    NAME_INVALID_CHARACTERS("name_invalid_characters"),
    /** The chat message is empty, or only white space and control characters. */
    MESSAGE_EMPTY("message_empty"),
    /** The chat message is longer than {@link Limits#MAX_MESSAGE_LENGTH}. */
    MESSAGE_TOO_LONG("message_too_long"),
    /** More frames than the rate limit allows; this one was dropped. Slow down and send it again. */
    RATE_LIMITED("rate_limited"),
    /** The message could not be stored, so it was not sent to anyone. Send it again later. */
    STORE_UNAVAILABLE("store_unavailable"),
    /** The user already has the most connections one user may have; the connection is closed next. */
    TOO_MANY_CONNECTIONS("too_many_connections");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code as it appears in the frame. */
    public String wire() {
        return wire;
    }
}
