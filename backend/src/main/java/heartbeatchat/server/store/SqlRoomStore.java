package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.UserInfo;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link RoomStore} on SQL, beside the messages in the same database: tables {@code rooms},
 * {@code members}, {@code read_positions} and {@code users}. What two writers may do at once is
 * settled by the database's constraints: a direct conversation is unique by its pair of users, a
 * member by room and user, a read position only moves forward. Its SQL is what SQLite and PostgreSQL
 * both take; a subclass says how a unit of work gets its connection and transaction, and names what
 * differs (the column that keeps insertion order, the larger-of-two function).
 */
abstract class SqlRoomStore implements RoomStore {
    private static final String ROOM_COLUMNS = "SELECT id, name, direct, created_at FROM rooms";

    private final String roomOrder;
    private final String memberOrder;
    private final String readUpsert;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param roomOrder   the column of {@code rooms} that keeps insertion order ({@code rowid} in SQLite)
     * @param memberOrder the same of {@code members}
     * @param greatest    the larger of two values ({@code max} in SQLite, {@code greatest} in PostgreSQL)
     */
    SqlRoomStore(String roomOrder, String memberOrder, String greatest) {
        this.roomOrder = roomOrder;
        this.memberOrder = memberOrder;
        this.readUpsert = "INSERT INTO read_positions (user_id, room_id, seq) VALUES (?, ?, ?)"
                + " ON CONFLICT (user_id, room_id) DO UPDATE SET seq = " + greatest + "(read_positions.seq, excluded.seq)";
    }

    /** One unit of work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs the work in one transaction; a failure is a {@link StoreException} saying {@code what} failed. */
    abstract <T> T transaction(String what, Work<T> work) throws StoreException;

    @Override
    public Room createRoom(String name, long time) throws StoreException {
        Room room = new Room(RoomIds.publicRoom(random), name, false, time);
        return transaction("creating a room", c -> {
            insertRoom(c, room, null);
            return room;
        });
    }

    @Override
    public Room directRoom(String userA, String userB, long time) throws StoreException {
        String pair = RoomIds.pair(userA, userB);
        return transaction("opening a direct conversation", c -> {
            Room made = new Room(RoomIds.directRoom(random), "", true, time);
            if (insertRoom(c, made, pair)) {
                insertMember(c, made.id(), userA, time);
                insertMember(c, made.id(), userB, time);
                return made;
            }
            try (PreparedStatement q = c.prepareStatement(ROOM_COLUMNS + " WHERE direct_key = ?")) {
                q.setString(1, pair); // opened before, here or by another server a moment ago
                try (ResultSet r = q.executeQuery()) {
                    r.next();
                    return row(r);
                }
            }
        });
    }

    /** False when a direct conversation of the pair is there already. */
    private static boolean insertRoom(Connection c, Room room, String directKey) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO rooms (id, name, direct, created_at, direct_key)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (direct_key) DO NOTHING")) {
            insert.setString(1, room.id());
            insert.setString(2, room.name());
            insert.setBoolean(3, room.direct());
            insert.setLong(4, room.createdAt());
            insert.setString(5, directKey);
            return insert.executeUpdate() == 1;
        }
    }

    private static boolean insertMember(Connection c, String roomId, String userId, long time) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO members (room_id, user_id, joined_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, roomId);
            insert.setString(2, userId);
            insert.setLong(3, time);
            return insert.executeUpdate() == 1;
        }
    }

    @Override
    public Optional<Room> room(String roomId) throws StoreException {
        return transaction("reading a room", c -> {
            try (PreparedStatement q = c.prepareStatement(ROOM_COLUMNS + " WHERE id = ?")) {
                q.setString(1, roomId);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? Optional.of(row(r)) : Optional.<Room>empty();
                }
            }
        });
    }

    @Override
    public List<Room> publicRooms() throws StoreException {
        return transaction("listing rooms", c -> {
            List<Room> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(ROOM_COLUMNS
                    + " WHERE NOT direct AND id <> 'lobby' ORDER BY created_at, " + roomOrder);
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(row(r));
                }
            }
            return out;
        });
    }

    @Override
    public boolean join(String roomId, String userId, long time) throws StoreException {
        return transaction("joining a room", c -> insertMember(c, roomId, userId, time));
    }

    @Override
    public boolean leave(String roomId, String userId) throws StoreException {
        return transaction("leaving a room", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM members WHERE room_id = ? AND user_id = ?")) {
                delete.setString(1, roomId);
                delete.setString(2, userId);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<String> members(String roomId) throws StoreException {
        return strings("listing members", "SELECT user_id FROM members WHERE room_id = ? ORDER BY joined_at, " + memberOrder,
                roomId);
    }

    @Override
    public List<String> roomsOf(String userId) throws StoreException {
        return strings("listing a user's rooms", "SELECT m.room_id FROM members m JOIN rooms r ON r.id = m.room_id"
                + " WHERE m.user_id = ? ORDER BY r.created_at, r." + roomOrder, userId);
    }

    private List<String> strings(String what, String sql, String argument) throws StoreException {
        return transaction(what, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setString(1, argument);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void markRead(String userId, String roomId, long seq) throws StoreException {
        transaction("recording a read position", c -> {
            try (PreparedStatement upsert = c.prepareStatement(readUpsert)) {
                upsert.setString(1, userId);
                upsert.setString(2, roomId);
                upsert.setLong(3, seq);
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public long readPosition(String userId, String roomId) throws StoreException {
        return transaction("reading a read position", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT seq FROM read_positions WHERE user_id = ? AND room_id = ?")) {
                q.setString(1, userId);
                q.setString(2, roomId);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public Map<String, Long> readPositions(String roomId) throws StoreException {
        return transaction("reading read positions", c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT user_id, seq FROM read_positions WHERE room_id = ?")) {
                q.setString(1, roomId);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), r.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void save(Collection<UserInfo> users, Collection<ReadPosition> reads, long time) throws StoreException {
        transaction("saving users and read positions", c -> {
            try (PreparedStatement user = c.prepareStatement("INSERT INTO users (user_id, name, avatar, seen_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET name = excluded.name,"
                    + " avatar = excluded.avatar, seen_at = excluded.seen_at");
                 PreparedStatement read = c.prepareStatement(readUpsert)) {
                for (UserInfo u : users) {
                    user.setString(1, u.userId());
                    user.setString(2, u.userName());
                    user.setString(3, u.userAvatar());
                    user.setLong(4, time);
                    user.addBatch();
                }
                for (ReadPosition p : reads) {
                    read.setString(1, p.userId());
                    read.setString(2, p.roomId());
                    read.setLong(3, p.seq());
                    read.addBatch();
                }
                user.executeBatch();
                read.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<UserInfo> user(String userId) throws StoreException {
        return transaction("reading a user", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT name, avatar FROM users WHERE user_id = ?")) {
                q.setString(1, userId);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? Optional.of(new UserInfo(userId, r.getString(1), r.getString(2)))
                            : Optional.<UserInfo>empty();
                }
            }
        });
    }

    private static Room row(ResultSet r) throws SQLException {
        return new Room(r.getString(1), r.getString(2), r.getBoolean(3), r.getLong(4));
    }
}
