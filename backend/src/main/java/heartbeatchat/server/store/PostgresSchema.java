package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.Rooms;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * PostgreSQL's versioned schema, as {@link SchemaMigrations} is SQLite's: applied in order, each
 * version in its own transaction, recorded in {@code schema_version}; a database from a newer server
 * is refused. Several servers may start at once against one database: the migration runs under an
 * advisory lock, so exactly one of them applies each version. Append new versions; never edit one
 * that has shipped.
 */
final class PostgresSchema {
    /** The advisory lock key taken while migrating ("hbchat" in ASCII). */
    private static final long MIGRATION_LOCK = 0x686263686174L;

    private PostgresSchema() {
    }

    /** Index i holds the statements that take the schema from version i to i + 1. */
    static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    "CREATE TABLE meta (key TEXT PRIMARY KEY, value BYTEA NOT NULL)",
                    // each room's last seq: the row is locked while a batch gives out the next ones, so
                    // servers writing to one room at once never give the same seq twice
                    "CREATE TABLE room_seqs (room_id TEXT PRIMARY KEY, last_seq BIGINT NOT NULL)",
                    "CREATE TABLE messages (room_id TEXT NOT NULL, seq BIGINT NOT NULL, time BIGINT NOT NULL,"
                            + " user_id TEXT NOT NULL, user_name TEXT NOT NULL, user_avatar TEXT NOT NULL,"
                            + " data TEXT NOT NULL, client_msg_id TEXT, PRIMARY KEY (room_id, seq))",
                    // dedup: one message per (user, clientMsgId), whichever server stored it
                    "CREATE UNIQUE INDEX messages_by_client_msg_id ON messages (user_id, client_msg_id)"
                            + " WHERE client_msg_id IS NOT NULL",
                    "CREATE TABLE rooms (id TEXT PRIMARY KEY, name TEXT NOT NULL, direct BOOLEAN NOT NULL,"
                            + " created_at BIGINT NOT NULL, created_order BIGSERIAL, direct_key TEXT UNIQUE)",
                    "CREATE TABLE members (room_id TEXT NOT NULL, user_id TEXT NOT NULL, joined_at BIGINT NOT NULL,"
                            + " joined_order BIGSERIAL, PRIMARY KEY (room_id, user_id))",
                    "CREATE INDEX members_by_user ON members (user_id)",
                    "CREATE TABLE read_positions (user_id TEXT NOT NULL, room_id TEXT NOT NULL, seq BIGINT NOT NULL,"
                            + " PRIMARY KEY (user_id, room_id))",
                    "CREATE TABLE users (user_id TEXT PRIMARY KEY, name TEXT NOT NULL, avatar TEXT NOT NULL,"
                            + " seen_at BIGINT NOT NULL)",
                    "INSERT INTO rooms (id, name, direct, created_at) VALUES ('" + Rooms.LOBBY + "', '"
                            + Rooms.LOBBY_NAME + "', false, 0)"));

    static int latestVersion() {
        return MIGRATIONS.size();
    }

    /** Brings the schema up to date, one server at a time; returns the version it was at before. */
    static int migrate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            try {
                return SchemaMigrations.migrate(c, MIGRATIONS);
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
        }
    }

    static int currentVersion(Connection c) throws SQLException {
        return SchemaMigrations.currentVersion(c);
    }
}
