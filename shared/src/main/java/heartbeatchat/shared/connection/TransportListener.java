package heartbeatchat.shared.connection;

/** What one socket reports. A {@link Transport} calls these on the thread that owns the connection. */
public interface TransportListener {
    void onOpen();

    void onMessage(String text);

    void onClose(int code, String reason);

    void onError();
}
