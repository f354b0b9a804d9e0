package heartbeatchat.shared.protocol;

/**
 * {@code {"type":"login","socketId","userName","userAvatar","openid","lastSeq","epoch"}}: the first
 * frame of every connection. {@code openid} is the browser's secret identity and never leaves the
 * server. {@code lastSeq} (-1 when absent) and {@code epoch} (null when absent) ask to resume after
 * the last message the client has.
 */
public record LoginRequest(String socketId, String userName, String userAvatar, String openid, long lastSeq,
                           String epoch) {
}
