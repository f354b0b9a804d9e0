package heartbeatchat.shared.protocol;

/**
 * The WebSocket close codes this product uses, each with whether a client should reconnect after
 * it. docs/PROTOCOL.md has the same table.
 */
public enum CloseCode {
    /** Closed on purpose by either side (the user left, the page was closed). */
    NORMAL(1000, true),
    /** The server is shutting down or the page is navigating away. */
    GOING_AWAY(1001, true),
    /** No close frame was received: the connection broke. Never sent, only observed. */
    ABNORMAL(1006, true),
    /** A frame larger than {@link Limits#MAX_FRAME_BYTES}. */
    MESSAGE_TOO_BIG(1009, true),
    /** An unexpected server fault. */
    SERVER_ERROR(1011, true),
    /** The server is restarting; come back shortly. */
    SERVICE_RESTART(1012, true),
    /** The peer stayed silent past the heartbeat deadline (client: no reply to a ping within the
     *  timeout; server: nothing received within the idle timeout). */
    HEARTBEAT_TIMEOUT(4000, true);

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
}
