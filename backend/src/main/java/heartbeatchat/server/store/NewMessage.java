package heartbeatchat.server.store;

/**
 * A chat message for a room before the store gave it a {@code seq} in that room.
 * {@code clientMsgId} may be null.
 */
public record NewMessage(String roomId, long time, String userId, String userName, String userAvatar, String data,
                         String clientMsgId) {
}
