package heartbeatchat.shared.session;

import java.util.Map;

/**
 * A room as the server describes it in a login reply's {@code rooms} or a {@code room} frame.
 *
 * @param withUserId   the other user of a direct conversation, else null
 * @param withUserName their name, else null
 * @param lastSeq      the room's last message when the entry was written
 * @param read         the user's own read position
 * @param reads        the members' read positions (empty for the lobby)
 */
public record RoomEntry(String id, String name, boolean direct, String withUserId, String withUserName, int members,
                        long lastSeq, long read, Map<String, Long> reads) {
}
