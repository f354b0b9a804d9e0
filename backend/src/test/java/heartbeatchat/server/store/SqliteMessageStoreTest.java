package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.Rooms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteMessageStoreTest extends MessageStoreContract {
    @TempDir
    Path dir;

    @Override
    protected MessageStore create() throws Exception {
        return SqliteMessageStore.open(dir, 200);
    }

    @Test
    void theDataDirectoryAndEveryDatabaseFileAreTheOwnersOnly() throws Exception {
        store.close();
        Path data = dir.resolve("fresh/data");
        store = SqliteMessageStore.open(data, 200);
        store.append(List.of(msg("u1", "written through the WAL", "p1")));

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        for (String name : List.of("chat.db", "chat.db-wal", "chat.db-shm")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name))), name);
        }
    }

    @Test
    void anExistingDatabaseReadableByOthersIsMadeTheOwnersOnly() throws Exception {
        store.close();
        Files.setPosixFilePermissions(dir.resolve("chat.db"), PosixFilePermissions.fromString("rw-r--r--"));
        store = SqliteMessageStore.open(dir, 200);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("chat.db"))));
    }

    @Test
    void reopeningKeepsMessagesSecretAndEpoch() throws Exception {
        store.append(List.of(msg("u1", "kept", "k1")));
        byte[] secret = store.serverSecret();
        String epoch = store.epoch();
        store.close();

        store = SqliteMessageStore.open(dir, 200);
        assertEquals(1, store.lastSeq(Rooms.LOBBY));
        assertArrayEquals(secret, store.serverSecret());
        assertEquals(epoch, store.epoch());
        assertEquals("kept", store.latest(Rooms.LOBBY, 5).get(0).data());
        assertTrue(store.append(List.of(msg("u1", "retry after restart", "k1"))).get(0).duplicate());
        assertEquals(2, store.append(List.of(msg("u1", "next", "k2"))).get(0).message().seq());
    }

    @Test
    void aDatabaseFromBeforeRoomsKeepsEveryMessageInTheLobbyWithItsSeq() throws Exception {
        store.close();
        Path old = dir.resolve("v1");
        java.nio.file.Files.createDirectories(old);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve("chat.db"));
             Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            for (String sql : SchemaMigrations.MIGRATIONS.get(0)) { // version 1 as it shipped
                s.executeUpdate(sql);
            }
            s.executeUpdate("INSERT INTO schema_version (version) VALUES (1)");
            s.executeUpdate("INSERT INTO meta (key, value) VALUES ('epoch', CAST('oldepoch0001' AS BLOB))");
            for (int seq = 1; seq <= 3; seq++) {
                s.executeUpdate("INSERT INTO messages (seq, time, user_id, user_name, user_avatar, data, client_msg_id)"
                        + " VALUES (" + seq + ", 1700000000000, 'u1', 'Ann', 'x', 'old " + seq + "', 'c" + seq + "')");
            }
        }
        store = SqliteMessageStore.open(old, 200);
        assertEquals("oldepoch0001", store.epoch(), "clients resume across the upgrade");
        assertEquals(3, store.lastSeq(Rooms.LOBBY));
        assertEquals(List.of("old 1", "old 2", "old 3"), store.latest(Rooms.LOBBY, 10).stream().map(m -> m.data()).toList());
        assertTrue(store.append(List.of(msg("u1", "old 2", "c2"))).get(0).duplicate(), "old ids still dedup");
        assertEquals(4, store.append(List.of(msg("u1", "new", "c4"))).get(0).message().seq());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve("chat.db"))) {
            assertEquals(SchemaMigrations.latestVersion(), SchemaMigrations.currentVersion(c));
        }
    }

    @Test
    void theSchemaVersionIsRecordedAndANewerOneIsRefused() throws Exception {
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"))) {
            assertEquals(SchemaMigrations.latestVersion(), SchemaMigrations.currentVersion(c));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE schema_version SET version = 99");
            }
        }
        StoreException e = assertThrows(StoreException.class, () -> SqliteMessageStore.open(dir, 200));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        store = new InMemoryMessageStore(); // for the contract's @AfterEach
    }

    @Test
    void aReadOnlyDatabaseRefusesWritesAndStoresNothing() throws Exception {
        store.append(List.of(msg("u1", "before", null)));
        store.close();
        store = SqliteMessageStore.openReadOnly(dir);
        StoreException e = assertThrows(StoreException.class, () -> store.append(List.of(msg("u1", "lost", "x"))));
        assertTrue(e.getMessage().contains("storing 1 messages failed"), e.getMessage());
        assertEquals(1, store.lastSeq(Rooms.LOBBY));
        assertEquals(List.of("before"), store.latest(Rooms.LOBBY, 5).stream().map(m -> m.data()).toList());
    }

    @Test
    void aLockedDatabaseFailsTheBatchAndTheStoreRecoversWhenTheLockGoes() throws Exception {
        store.append(List.of(msg("u1", "one", null)));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
             Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            assertThrows(StoreException.class, () -> store.append(List.of(msg("u1", "two", "t"))));
            assertEquals(1, store.lastSeq(Rooms.LOBBY));
            s.execute("ROLLBACK");
        }
        assertEquals(2, store.append(List.of(msg("u1", "two", "t"))).get(0).message().seq());
    }
}
