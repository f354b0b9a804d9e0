package heartbeatchat.shared.session;

import heartbeatchat.shared.connection.ConnectionState;
import heartbeatchat.shared.connection.ConnectionStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusLineTest {

    private static ConnectionStatus status(ConnectionState state, int attempt, long reconnectAt, long rtt, String reason) {
        return new ConnectionStatus(state, attempt, reconnectAt, rtt, 0, reason);
    }

    @Test
    void onlineShowsTheLastRoundTripOnceThereIsOne() {
        assertEquals(new StatusLine("Online", "online", false),
                StatusLine.of(status(ConnectionState.ONLINE, 0, 0, -1, ""), 0, true));
        assertEquals(new StatusLine("Online · 23 ms", "online", false),
                StatusLine.of(status(ConnectionState.ONLINE, 0, 0, 23, ""), 0, true));
    }

    @Test
    void reconnectingCountsToTheNearestSecondAndTicks() {
        ConnectionStatus s = status(ConnectionState.RECONNECTING, 2, 10_000, 23, "no reply");
        assertEquals(new StatusLine("Reconnecting in 4 s", "(attempt 2)", "reconnecting", true), StatusLine.of(s, 6_000, true));
        assertEquals("Reconnecting in 4 s (attempt 2)", StatusLine.of(s, 6_000, true).whole());
        assertEquals("Reconnecting in 3 s", StatusLine.of(s, 6_800, true).text(), "3.2 s is 3 s, not 4");
        assertEquals("Reconnecting in 4 s", StatusLine.of(s, 6_500, true).text(), "3.5 s rounds up");
        assertEquals("Reconnecting in 0 s", StatusLine.of(s, 9_600, true).text());
        assertEquals("Reconnecting in 0 s", StatusLine.of(s, 12_000, true).text(), "never negative");
    }

    @Test
    void theBrowsersOfflineReportIsSaidOutright() {
        ConnectionStatus s = status(ConnectionState.RECONNECTING, 3, 5_000, -1, "");
        assertEquals(new StatusLine("Offline · reconnecting in 5 s", "(attempt 3)", "offline", true), StatusLine.of(s, 0, false));
    }

    @Test
    void connectingClosedAndStopped() {
        assertEquals(new StatusLine("Connecting…", "connecting", false),
                StatusLine.of(status(ConnectionState.CONNECTING, 0, 0, -1, ""), 0, true));
        assertEquals(new StatusLine("Connecting…", "(attempt 4)", "connecting", false),
                StatusLine.of(status(ConnectionState.CONNECTING, 4, 0, -1, ""), 0, true));
        assertEquals(new StatusLine("Disconnected: too many connections", "closed", false),
                StatusLine.of(status(ConnectionState.CLOSED, 1, 0, -1, "too many connections"), 0, true));
        assertEquals(new StatusLine("Offline", "offline", false),
                StatusLine.of(status(ConnectionState.STOPPED, 0, 0, -1, ""), 0, true));
    }
}
