package heartbeatchat.shared.protocol;

/**
 * {@code {"type":"message","room","seq","time","userId","userName","userAvatar","data","clientMsgId"}}: a
 * chat message as the server stores and broadcasts it. {@code seq} grows by one per message in its
 * room; {@code time} is epoch ms; {@code clientMsgId} is the sender's id for it, or null when the
 * sender gave none.
 */
public record ChatMessage(String room, long seq, long time, String userId, String userName, String userAvatar, String data,
                          String clientMsgId) {
}
