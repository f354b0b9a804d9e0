package heartbeatchat.server.transport;

/**
 * What the transport tells the chat about each connection: the chat's side of the port whose other
 * side is {@link Connection}. Events of one connection arrive one at a time, in order; events of
 * different connections arrive on different threads at once.
 */
public interface ConnectionEvents {
    /**
     * A WebSocket opened.
     *
     * @param remote  the peer's socket address, for log lines (its {@code toString})
     * @param address the client's address that per-address limits count: the peer's IP, or the one a
     *                trusted proxy forwarded
     */
    void onConnect(Connection connection, Object remote, String address);

    /** A whole text message arrived (fragments put together, valid UTF-8). */
    void onText(String connectionId, String text);

    /** A pong arrived: the answer to {@link Connection#ping()}. */
    void onPong(String connectionId);

    /** The connection is gone, with the close code it ended with (1006 when it broke). */
    void onClose(String connectionId, int code, String reason);
}
