package heartbeatchat.server;

import heartbeatchat.server.transport.Connection;
import heartbeatchat.shared.protocol.TokenBucket;
import heartbeatchat.shared.protocol.UserInfo;
import heartbeatchat.shared.time.Clock;

/** One connection's state in the {@link ChatRoom}. */
final class Member {
    final Connection connection;
    /** The peer's address as the socket has it, formatted only when a log line names it. */
    final Object remote;
    /** The client's address as per-address limits count it. */
    final String address;
    final long connectedAt;
    volatile long lastReceivedAt;
    /** When the sweep last sent a protocol ping; only the sweeping thread touches it. */
    long pingedAt = Long.MIN_VALUE;
    /** Set once by login, under the room's lock. */
    volatile UserInfo user;
    /**
     * The client named rooms at login or sent a room frame since: only then is it sent frames of
     * rooms other than the lobby, typing and read positions (the note's client would show any
     * frame it does not know as a chat message).
     */
    volatile boolean knowsRooms;

    // touched only by the connection's own events, which Jetty delivers one at a time
    private final TokenBucket bucket;
    private long abuseWindowStart;
    private int rejectedInWindow;

    Member(Connection connection, Object remote, String address, Clock clock, RoomSettings settings) {
        this.connection = connection;
        this.remote = remote;
        this.address = address;
        this.connectedAt = clock.nowMillis();
        this.lastReceivedAt = connectedAt;
        this.bucket = new TokenBucket(clock, settings.rateBurst(), settings.ratePerSecond());
        this.abuseWindowStart = connectedAt;
    }

    String id() {
        return connection.id();
    }

    boolean tryTakeToken() {
        return bucket.tryTake();
    }

    /** Counts a refused frame; true when the connection has been refused too often to keep. */
    boolean refusedTooOften(long now) {
        if (now - abuseWindowStart >= RoomSettings.ABUSE_WINDOW_MILLIS) {
            abuseWindowStart = now;
            rejectedInWindow = 0;
        }
        return ++rejectedInWindow > RoomSettings.ABUSE_REJECTIONS;
    }
}
