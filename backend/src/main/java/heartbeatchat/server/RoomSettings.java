package heartbeatchat.server;

/**
 * The limits of a {@link ChatRoom}.
 *
 * @param idleTimeoutMillis      close a connection from which nothing arrived this long, not even the pong to
 *                               the protocol ping it was sent after {@link #pingAfterMillis()} of silence (4000)
 * @param loginTimeoutMillis     close a connection that has not logged in this long after opening (4001)
 * @param historySize            messages in a login reply without {@code lastSeq}
 * @param resumeLimit            most messages a resuming login reply carries
 * @param maxConnections         connections the room takes; more are closed with 1013
 * @param maxConnectionsPerUser  connections one user may have; more are closed with 4002
 * @param rateBurst              token bucket: frames a connection may send at once
 * @param ratePerSecond          token bucket: refill per second
 * @param maxPendingBytes        queued, unsent bytes after which a connection is cut off as slow (4003)
 * @param maxConnectionsPerAddress     connections, logged in or not, one client address may have open; more are
 *                                    closed with 4004
 * @param connectsPerAddressPerSecond new connections one address may open per second after a burst of
 *                                    {@code maxConnectionsPerAddress}; faster ones are closed with 4004
 * @param presenceLimit          up to this many users online, joins and leaves are broadcast and a login
 *                               reply lists everyone; beyond it, a reply lists this many and the total,
 *                               and joins and leaves are not broadcast (they would cost every
 *                               connection a frame per login: quadratic in the room's size)
 */
public record RoomSettings(long idleTimeoutMillis, long loginTimeoutMillis, int historySize, int resumeLimit,
                           int maxConnections, int maxConnectionsPerUser, int rateBurst, double ratePerSecond,
                           long maxPendingBytes, int presenceLimit, int maxConnectionsPerAddress,
                           double connectsPerAddressPerSecond) {

    /** Frames refused by the rate limit within {@link #ABUSE_WINDOW_MILLIS} before the connection is closed (4008). */
    public static final int ABUSE_REJECTIONS = 50;
    public static final long ABUSE_WINDOW_MILLIS = 10_000;
    /** Most messages in one store transaction. */
    public static final int MAX_BATCH = 1_000;

    /**
     * Silence after which the room sends a connection a WebSocket protocol ping: two thirds of the
     * idle timeout (10 s of 15 s), leaving the pong a third (5 s) to arrive before the connection
     * is taken for dead.
     */
    public long pingAfterMillis() {
        return idleTimeoutMillis * 2 / 3;
    }
}
