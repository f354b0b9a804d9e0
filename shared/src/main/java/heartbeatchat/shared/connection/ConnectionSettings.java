package heartbeatchat.shared.connection;

/**
 * Every delay of {@link ClientConnection}, in milliseconds.
 *
 * @param pingAfterMillis        silence after the last incoming frame before a ping is sent (note: 5 s)
 * @param replyTimeoutMillis     how long after a ping a frame must arrive before the socket is given up (note: 3 s)
 * @param connectTimeoutMillis   how long a socket may take to open before it is given up
 * @param reconnectInitialMillis delay before the first reconnect (note: 3 s)
 * @param reconnectMaxMillis     the backoff cap
 * @param reconnectMultiplier    growth of the delay per failed attempt
 * @param reconnectJitter        fraction of the delay added at random
 * @param stableAfterMillis      a connection that stayed open this long resets the backoff
 */
public record ConnectionSettings(long pingAfterMillis, long replyTimeoutMillis, long connectTimeoutMillis,
                                 long reconnectInitialMillis, long reconnectMaxMillis, double reconnectMultiplier,
                                 double reconnectJitter, long stableAfterMillis) {

    /** The design note's timings, with backoff to 30 s and 30 % jitter. */
    public static ConnectionSettings defaults() {
        return new ConnectionSettings(5_000, 3_000, 8_000, 3_000, 30_000, 2.0, 0.3, 10_000);
    }
}
