package heartbeatchat.shared.protocol;

/**
 * {@code {"type":"message","seq","time","userId","userName","userAvatar","data"}}: a chat message
 * as the server broadcasts it. {@code seq} grows by one per message; {@code time} is epoch ms.
 */
public record ChatMessage(long seq, long time, String userId, String userName, String userAvatar, String data) {
}
