package heartbeatchat.server.store;

/** A chat message before the store gave it a {@code seq}. {@code clientMsgId} may be null. */
public record NewMessage(long time, String userId, String userName, String userAvatar, String data,
                         String clientMsgId) {
}
