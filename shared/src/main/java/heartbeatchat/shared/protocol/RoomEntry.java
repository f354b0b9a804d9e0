package heartbeatchat.shared.protocol;

import java.util.List;
import java.util.Map;

/**
 * One room as a member sees it: an element of a login reply's {@code rooms}, and the body of a
 * {@code {"type":"room",…}} frame (the user created, joined or opened it).
 *
 * @param with        the other user of a direct conversation, else null
 * @param members     how many are in it (for the lobby: how many are online)
 * @param lastSeq     the room's last message when the entry was written
 * @param lastTime    when that message was sent, epoch ms (0 when none)
 * @param read        the user's own read position
 * @param reads       the members' read positions, by user id (empty for the lobby, whose are not shared)
 * @param gapTooLarge the client missed more than the resume limit here: {@code history} is the latest page alone
 * @param history     the messages the client is missing here, oldest first (empty in the lobby's entry of a
 *                    login reply: its history is the reply's own)
 */
public record RoomEntry(String id, String name, boolean direct, UserInfo with, int members, long lastSeq, long lastTime,
                        long read, Map<String, Long> reads, boolean gapTooLarge, List<ChatMessage> history) {
    /** What the user has not read here. */
    public long unread() {
        return Math.max(0, lastSeq - read);
    }
}
