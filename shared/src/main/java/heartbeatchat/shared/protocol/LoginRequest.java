package heartbeatchat.shared.protocol;

/**
 * {@code {"type":"login","socketId","userName","userAvatar","openid"}}: the first frame of every
 * connection. {@code openid} is the browser's secret identity and never leaves the server.
 */
public record LoginRequest(String socketId, String userName, String userAvatar, String openid) {
}
