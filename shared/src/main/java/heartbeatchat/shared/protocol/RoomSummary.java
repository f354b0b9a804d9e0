package heartbeatchat.shared.protocol;

/**
 * One room in the answer to {@code {"type":"rooms"}}: the lobby or a public room, whether the user
 * is in it, how many are, and its last activity ({@code lastTime} epoch ms, 0 when it has no message).
 */
public record RoomSummary(String id, String name, int members, long lastSeq, long lastTime, boolean joined) {
}
