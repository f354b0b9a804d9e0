package heartbeatchat.client;

import heartbeatchat.shared.connection.Transport;
import heartbeatchat.shared.connection.TransportListener;
import heartbeatchat.shared.connection.TransportSocket;
import org.teavm.jso.dom.events.Registration;
import org.teavm.jso.websocket.WebSocket;

import java.util.ArrayList;
import java.util.List;

/**
 * The shared transport port over the browser's {@code WebSocket}. Each socket keeps the
 * registrations of its listeners and disposes them when it is closed from our side, so a socket we
 * gave up on can no longer call in.
 */
final class BrowserTransport implements Transport {
    private final String url;

    BrowserTransport(String url) {
        this.url = url;
    }

    @Override
    public TransportSocket connect(TransportListener listener) {
        WebSocket ws = new WebSocket(url);
        List<Registration> registrations = new ArrayList<>();
        registrations.add(ws.onOpen(e -> listener.onOpen()));
        registrations.add(ws.onMessage(e -> listener.onMessage(e.getDataAsString())));
        registrations.add(ws.onClose(e -> listener.onClose(e.getCode(), e.getReason())));
        registrations.add(ws.onError(e -> listener.onError()));
        return new TransportSocket() {
            @Override
            public void send(String text) {
                ws.send(text);
            }

            @Override
            public void close(int code, String reason) {
                for (Registration r : registrations) {
                    r.dispose();
                }
                registrations.clear();
                ws.close(code, reason);
            }
        };
    }
}
