package heartbeatchat.shared.connection;

/**
 * The port to a WebSocket implementation: the browser's {@code WebSocket} in the page, a recording
 * fake in tests. Every call opens a new socket whose events go to the given listener only.
 */
public interface Transport {
    TransportSocket connect(TransportListener listener);
}
