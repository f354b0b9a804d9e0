package heartbeatchat.server.transport;

/** One client socket as the chat logic sees it. Implementations never block the caller. */
public interface Connection {
    /** Unique for the life of the server. */
    String id();

    /** Sends a text frame now. A failed send closes the connection; it never throws. */
    void send(String text);

    /** Sends a frame serialized and encoded beforehand (a constant, a cached reply) now. */
    void send(SharedFrame frame);

    /**
     * Queues a frame shared with other recipients; it leaves with the next {@link #flush()} or
     * {@link #send}, together with whatever else is queued, in as few writes as possible.
     */
    void queue(SharedFrame frame);

    /** Queues frames in a row shared with other recipients, as {@link #queue(SharedFrame)} queues one. */
    default void queue(FrameRun run) {
        run.frames().forEach(this::queue);
    }

    /** Writes everything queued. */
    void flush();

    /**
     * Sends a WebSocket protocol ping. Browsers and WebSocket libraries answer it with a pong by
     * themselves, which reaches {@link ConnectionEvents#onPong}: proof of life from a client that only reads.
     */
    void ping();

    /** Starts a close handshake with a code from {@code CloseCode} and a short reason. */
    void close(int code, String reason);
}
