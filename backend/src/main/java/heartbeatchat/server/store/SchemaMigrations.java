package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.Rooms;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema changes, applied in order, each in its own transaction, and recorded in
 * {@code schema_version}. A database from a newer server is refused rather than guessed at.
 * Append new versions to {@link #MIGRATIONS}; never edit one that has shipped.
 */
final class SchemaMigrations {
    private SchemaMigrations() {
    }

    /** Index i holds the statements that take the schema from version i to i + 1. */
    static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
                    "CREATE TABLE messages (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, user_id TEXT NOT NULL,"
                            + " user_name TEXT NOT NULL, user_avatar TEXT NOT NULL, data TEXT NOT NULL,"
                            + " client_msg_id TEXT)",
                    "CREATE UNIQUE INDEX messages_by_client_msg_id ON messages (user_id, client_msg_id)"
                            + " WHERE client_msg_id IS NOT NULL"),
            // 2: a sequence per room; every message so far is the lobby's, with its seq unchanged
            List.of(
                    "CREATE TABLE room_messages (room_id TEXT NOT NULL, seq INTEGER NOT NULL, time INTEGER NOT NULL,"
                            + " user_id TEXT NOT NULL, user_name TEXT NOT NULL, user_avatar TEXT NOT NULL,"
                            + " data TEXT NOT NULL, client_msg_id TEXT, PRIMARY KEY (room_id, seq))",
                    "INSERT INTO room_messages SELECT '" + Rooms.LOBBY + "', seq, time, user_id, user_name, user_avatar,"
                            + " data, client_msg_id FROM messages",
                    "DROP TABLE messages",
                    "ALTER TABLE room_messages RENAME TO messages",
                    "CREATE UNIQUE INDEX messages_by_client_msg_id ON messages (user_id, client_msg_id)"
                            + " WHERE client_msg_id IS NOT NULL"),
            // 3: rooms, their members and read positions; the lobby exists from the start
            List.of(
                    "CREATE TABLE rooms (id TEXT PRIMARY KEY, name TEXT NOT NULL, direct INTEGER NOT NULL,"
                            + " created_at INTEGER NOT NULL, direct_key TEXT UNIQUE)",
                    "CREATE TABLE members (room_id TEXT NOT NULL, user_id TEXT NOT NULL, joined_at INTEGER NOT NULL,"
                            + " PRIMARY KEY (room_id, user_id))",
                    "CREATE INDEX members_by_user ON members (user_id)",
                    "CREATE TABLE read_positions (user_id TEXT NOT NULL, room_id TEXT NOT NULL, seq INTEGER NOT NULL,"
                            + " PRIMARY KEY (user_id, room_id))",
                    "INSERT INTO rooms (id, name, direct, created_at) VALUES ('" + Rooms.LOBBY + "', '"
                            + Rooms.LOBBY_NAME + "', 0, 0)"),
            // 4: users as they last logged in, so a direct conversation names someone who is offline
            List.of(
                    "CREATE TABLE users (user_id TEXT PRIMARY KEY, name TEXT NOT NULL, avatar TEXT NOT NULL,"
                            + " seen_at INTEGER NOT NULL)"));

    static int latestVersion() {
        return MIGRATIONS.size();
    }

    /** Brings the schema up to date; returns the version it was at before. */
    static int migrate(Connection c) throws SQLException {
        return migrate(c, MIGRATIONS);
    }

    /**
     * Applies the versions of {@code migrations} the database lacks, each in its own transaction, and
     * records each in {@code schema_version}; refuses a database newer than the list. Returns the
     * version it was at before. SQLite's and PostgreSQL's schemas both go through here.
     */
    static int migrate(Connection c, List<List<String>> migrations) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        }
        int version = currentVersion(c);
        if (version > migrations.size()) {
            throw new SQLException("the database has schema version " + version + ", newer than this server's "
                    + migrations.size() + "; run a newer server");
        }
        int before = version;
        for (; version < migrations.size(); version++) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : migrations.get(version)) {
                    s.executeUpdate(sql);
                }
                s.executeUpdate("DELETE FROM schema_version");
                s.executeUpdate("INSERT INTO schema_version (version) VALUES (" + (version + 1) + ")");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return before;
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT max(version) FROM schema_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
