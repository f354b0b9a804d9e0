package heartbeatchat.server;

import heartbeatchat.shared.protocol.RoomNames;

/**
 * The limits on rooms and direct conversations, each a server flag.
 *
 * @param maxRooms          public rooms the server keeps, the lobby not counted; creating more is refused
 *                          with {@code room_limit}
 * @param maxRoomsPerUser   public rooms one user may be in, the lobby not counted ({@code membership_limit})
 * @param maxMembersPerRoom members a public room may have ({@code room_full})
 * @param maxDirectPerUser  direct conversations one user may have ({@code direct_limit})
 * @param maxRoomNameLength characters in a room name ({@code name_too_long})
 */
public record RoomLimits(int maxRooms, int maxRoomsPerUser, int maxMembersPerRoom, int maxDirectPerUser,
                         int maxRoomNameLength) {
    public static final RoomLimits DEFAULTS = new RoomLimits(1_000, 100, 200, 500, RoomNames.DEFAULT_MAX_LENGTH);
}
