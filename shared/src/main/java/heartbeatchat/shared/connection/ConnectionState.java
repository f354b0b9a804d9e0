package heartbeatchat.shared.connection;

/** Where a {@link ClientConnection} is. */
public enum ConnectionState {
    /** Created, {@code start()} not called yet. */
    IDLE,
    /** A socket is opening; no frame can be sent yet. */
    CONNECTING,
    /** The socket is open, the login was sent and the heartbeat is armed. */
    ONLINE,
    /** The last socket failed; a new one opens when the backoff delay has passed. */
    RECONNECTING,
    /** The server closed with a terminal code (see {@code CloseCode}): no reconnect until {@code start()}. */
    CLOSED,
    /** {@code stop()} was called: no socket, no timer, nothing happens until {@code start()}. */
    STOPPED
}
