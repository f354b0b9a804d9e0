package heartbeatchat.shared.connection;

/**
 * What the UI shows about the connection.
 *
 * @param state             where the connection is
 * @param attempt           the reconnect attempt due or under way (1 for the first); kept after a
 *                          socket opens until it has stayed up long enough to reset the backoff
 * @param reconnectAtMillis when the next attempt starts, on the connection's clock (RECONNECTING only)
 * @param rttMillis         the last heartbeat round trip, or -1 before the first reply
 * @param closeCode         the code of the last close, or 0 before any close
 * @param closeReason       why the last socket ended, in words ("" before any close)
 */
public record ConnectionStatus(ConnectionState state, int attempt, long reconnectAtMillis, long rttMillis,
                               int closeCode, String closeReason) {
}
