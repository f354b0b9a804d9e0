package heartbeatchat.server.store;

/**
 * A room as the store keeps it.
 *
 * @param id        made by the server, random, so it cannot be guessed; the lobby's is {@code lobby}
 * @param name      as its creator named it (validated before); a direct conversation's is ""
 * @param direct    a conversation of exactly two users, opened by one of them
 * @param createdAt epoch ms
 */
public record Room(String id, String name, boolean direct, long createdAt) {
}
