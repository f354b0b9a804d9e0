package heartbeatchat.server.store;

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
        assertEquals(1, store.lastSeq());
        assertArrayEquals(secret, store.serverSecret());
        assertEquals(epoch, store.epoch());
        assertEquals("kept", store.latest(5).get(0).data());
        assertTrue(store.append(List.of(msg("u1", "retry after restart", "k1"))).get(0).duplicate());
        assertEquals(2, store.append(List.of(msg("u1", "next", "k2"))).get(0).message().seq());
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
        assertEquals(1, store.lastSeq());
        assertEquals(List.of("before"), store.latest(5).stream().map(m -> m.data()).toList());
    }

    @Test
    void aLockedDatabaseFailsTheBatchAndTheStoreRecoversWhenTheLockGoes() throws Exception {
        store.append(List.of(msg("u1", "one", null)));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
             Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            assertThrows(StoreException.class, () -> store.append(List.of(msg("u1", "two", "t"))));
            assertEquals(1, store.lastSeq());
            s.execute("ROLLBACK");
        }
        assertEquals(2, store.append(List.of(msg("u1", "two", "t"))).get(0).message().seq());
    }
}
