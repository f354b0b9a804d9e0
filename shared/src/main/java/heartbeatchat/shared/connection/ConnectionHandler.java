package heartbeatchat.shared.connection;

/** The application above a {@link ClientConnection}. */
public interface ConnectionHandler {
    /** The login frame to send first on every new socket. */
    String loginFrame();

    /** A frame from the server that is not a heartbeat reply. */
    void onFrame(String text);

    /** The connection's status changed (state, attempt, round-trip time, …). */
    void onStatus(ConnectionStatus status);
}
