package heartbeatchat.shared.connection;

/** One socket opened by a {@link Transport}. */
public interface TransportSocket {
    void send(String text);

    /** Starts a close with the given code; the socket's listener may still hear about it later. */
    void close(int code, String reason);
}
