package heartbeatchat.shared.session;

import heartbeatchat.shared.connection.ConnectionState;
import heartbeatchat.shared.connection.ConnectionStatus;

/**
 * The words and state the status bar shows for a connection status: "Online · 23 ms",
 * "Reconnecting in 4 s (attempt 2)", "Offline · reconnecting in …" when the browser says it is
 * offline, "Disconnected: why" after a terminal close: the client's status text, beside its
 * {@link ChatSession}, tested on the JVM.
 *
 * @param text         what the bar says first, always shown
 * @param detail       what it adds after it where there is room ("(attempt 2)"; hidden at phone width,
 *                     so the countdown is never cut off), or ""
 * @param state        the bar's {@code data-state}: online, connecting, reconnecting, offline or closed
 * @param countingDown the text holds a countdown, so it must be shown again in a second
 */
public record StatusLine(String text, String detail, String state, boolean countingDown) {

    public StatusLine(String text, String state, boolean countingDown) {
        this(text, "", state, countingDown);
    }

    /** Text and detail together, as the bar reads where both are shown. */
    String whole() {
        return detail.isEmpty() ? text : text + " " + detail;
    }

    public static StatusLine of(ConnectionStatus status, long nowMillis, boolean browserOnline) {
        ConnectionState state = status.state();
        if (state == ConnectionState.ONLINE) {
            return new StatusLine(status.rttMillis() >= 0 ? "Online · " + status.rttMillis() + " ms" : "Online",
                    "online", false);
        }
        if (state == ConnectionState.CONNECTING) {
            return new StatusLine("Connecting…", status.attempt() > 0 ? "(attempt " + status.attempt() + ")" : "",
                    "connecting", false);
        }
        if (state == ConnectionState.RECONNECTING) {
            // to the nearest second: 3.2 s is "3 s", not "4 s"
            long seconds = Math.max(0, (status.reconnectAtMillis() - nowMillis + 500) / 1000);
            String prefix = browserOnline ? "Reconnecting" : "Offline · reconnecting";
            return new StatusLine(prefix + " in " + seconds + " s", "(attempt " + status.attempt() + ")",
                    browserOnline ? "reconnecting" : "offline", true);
        }
        if (state == ConnectionState.CLOSED) {
            return new StatusLine("Disconnected: " + status.closeReason(), "closed", false);
        }
        return new StatusLine("Offline", "offline", false);
    }
}
