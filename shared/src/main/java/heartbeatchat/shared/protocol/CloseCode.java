package heartbeatchat.shared.protocol;

/**
 * The WebSocket close codes this product uses, each with whether a client should reconnect after
 * it. docs/PROTOCOL.md has the same table. A code that is not listed here counts as retryable.
 */
public enum CloseCode {
    /** Closed on purpose by either side (the user left, the page was closed). */
    NORMAL(1000, true),
    /** The server is shutting down or the page is navigating away. */
    GOING_AWAY(1001, true),
    /** A binary frame: the protocol is JSON text. */
    UNSUPPORTED_DATA(1003, true),
    /** No close frame was received: the connection broke. Never sent, only observed. */
    ABNORMAL(1006, true),
    /** A text message that is not UTF-8. */
    INVALID_PAYLOAD(1007, true),
    /** A frame larger than {@link Limits#MAX_FRAME_BYTES}. */
    MESSAGE_TOO_BIG(1009, true),
    /** An unexpected server fault. */
    SERVER_ERROR(1011, true),
    /** The server is restarting; come back shortly. */
    SERVICE_RESTART(1012, true),
    /** The server has as many connections as it takes; come back later. */
    TRY_AGAIN_LATER(1013, true),
    /** The peer stayed silent past the heartbeat deadline (client: no reply to a ping within the
     *  timeout; server: nothing received within the idle timeout, not even the pong to its protocol ping). */
    HEARTBEAT_TIMEOUT(4000, true),
    /** No login frame within the login timeout after the connection opened. */
    LOGIN_TIMEOUT(4001, true),
    /** The user already has the most connections one user may have (tabs, devices). */
    TOO_MANY_CONNECTIONS(4002, false),
    /** The connection did not read what it was sent fast enough; it catches up by resuming. */
    SLOW_CONSUMER(4003, true),
    /**
     * Too many connections open from the client's address, or opened too fast from it; the others
     * are not affected. Come back later (the backoff spaces the attempts).
     */
    ADDRESS_LIMIT(4004, true),
    /** The connection kept sending faster than the rate limit after being told so. */
    RATE_LIMIT_ABUSE(4008, false);

    private final int code;
    private final boolean reconnect;

    CloseCode(int code, boolean reconnect) {
        this.code = code;
        this.reconnect = reconnect;
    }

    public int code() {
        return code;
    }

    /** Whether a client should reconnect after a close with this code. */
    public boolean reconnect() {
        return reconnect;
    }

    /** The constant for a numeric code, or null when the code is not one of ours. */
    public static CloseCode of(int code) {
        for (CloseCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /** Whether a client should reconnect after a close with this numeric code; unknown codes: yes. */
    public static boolean reconnectAfter(int code) {
        CloseCode c = of(code);
        return c == null || c.reconnect;
    }
}
