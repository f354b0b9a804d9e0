package heartbeatchat.server;

/** One client socket as the chat logic sees it. Implementations never block the caller. */
public interface Connection {
    /** Unique for the life of the server. */
    String id();

    /** Queues a text frame. A failed send closes the connection; it never throws. */
    void send(String text);

    /** Starts a close handshake with a code from {@code CloseCode} and a short reason. */
    void close(int code, String reason);
}
