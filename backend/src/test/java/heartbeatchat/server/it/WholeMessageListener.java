package heartbeatchat.server.it;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;

/**
 * A {@code java.net.http} listener that puts fragmented text frames back together and reports
 * each whole message, and the end of the socket with its close code (1006 when it just broke).
 */
public abstract class WholeMessageListener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    protected abstract void onMessage(WebSocket ws, String text);

    protected abstract void onGone(WebSocket ws, int code);

    @Override
    public final CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            onMessage(ws, text);
        }
        ws.request(1);
        return null;
    }

    @Override
    public final CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        onGone(ws, statusCode);
        return null;
    }

    @Override
    public final void onError(WebSocket ws, Throwable error) {
        onGone(ws, 1006);
    }
}
