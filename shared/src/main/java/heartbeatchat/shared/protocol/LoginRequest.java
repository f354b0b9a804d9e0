package heartbeatchat.shared.protocol;

import java.util.Map;

/**
 * {@code {"type":"login","socketId","userName","userAvatar","openid","lastSeq","epoch","rooms"}}: the
 * first frame of every connection. {@code openid} is the browser's secret identity and never leaves
 * the server. {@code lastSeq} (-1 when absent) and {@code epoch} (null when absent) ask to resume the
 * lobby after the last message the client has. {@code rooms} (null when absent) makes the connection
 * one that knows rooms: it maps each room id the client has to the last seq it has there (the lobby's
 * may be given here instead of in {@code lastSeq}); rooms it does not name start from their latest page.
 */
public record LoginRequest(String socketId, String userName, String userAvatar, String openid, long lastSeq,
                           String epoch, Map<String, Long> rooms) {
    /** Whether the client asked for rooms: only then is it sent frames of rooms other than the lobby. */
    public boolean knowsRooms() {
        return rooms != null;
    }
}
