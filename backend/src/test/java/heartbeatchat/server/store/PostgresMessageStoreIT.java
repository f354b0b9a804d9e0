package heartbeatchat.server.store;

import heartbeatchat.server.engines.PostgresServer;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.Rooms;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The message store contract on a real PostgreSQL (Debian's, started by the test), and what only a
 * database shared by several servers must do: two stores writing one room at once give out every
 * seq once, with no hole, and store every clientMsgId once.
 */
class PostgresMessageStoreIT extends MessageStoreContract {
    private String url;

    @Override
    protected MessageStore create() throws Exception {
        url = PostgresServer.shared().newDatabase();
        return PostgresMessageStore.open(url, 4);
    }

    @Test
    void twoServersOnOneDatabaseShareItsIdentityAndItsMessages() throws Exception {
        store.append(List.of(msg("u1", "from the first", "k1")));
        try (PostgresMessageStore second = PostgresMessageStore.open(url, 4)) {
            assertEquals(store.epoch(), second.epoch());
            assertArrayEquals(store.serverSecret(), second.serverSecret(), "user ids are the same on every server");
            assertEquals(1, second.lastSeq(Rooms.LOBBY));
            assertTrue(second.append(List.of(msg("u1", "retry on the second", "k1"))).get(0).duplicate());
            assertEquals(2, second.append(List.of(msg("u2", "from the second", null))).get(0).message().seq());
            assertEquals(2, store.lastSeq(Rooms.LOBBY), "nothing is cached: the first sees the second's message");
        }
    }

    /** What one server sends in its batch number {@code b}. */
    private interface Batches {
        List<NewMessage> batch(int server, int b);
    }

    @Test
    void serversWritingTwoRoomsAtOnceInEitherOrderGiveEverySeqOnceWithoutAHole() throws Exception {
        // every server sends the same ids (a client retrying on each node at once), into two rooms in
        // both orders, so the rooms' rows are asked for in every order
        List<ChatMessage> all = writeAtOnce(3, 40, (server, b) -> {
            List<NewMessage> batch = List.of(
                    new NewMessage("ra", 1, "u1", "Ann", "", "a" + b, "a" + b),
                    new NewMessage("rb", 1, "u1", "Ann", "", "b" + b, "b" + b),
                    new NewMessage(b % 2 == 0 ? "rb" : "ra", 1, "u2", "Bob", "", "x", null));
            return b % 2 == 0 ? batch : List.of(batch.get(1), batch.get(0), batch.get(2));
        }, List.of("ra", "rb"));
        assertEquals(2 * 40 + 3 * 40, all.size(), "each id once, each message without an id once");
    }

    @Test
    void oneIdSentToDifferentRoomsOnDifferentServersAtOnceIsStoredOnce() throws Exception {
        // no room lock is shared here: only the unique index can catch the second copy
        List<ChatMessage> all = writeAtOnce(3, 60, (server, b) -> List.of(
                new NewMessage("r" + server, 1, "u1", "Ann", "", "m" + b, "m" + b),
                new NewMessage("r" + server, 1, "u2", "Bob", "", "x", null)), List.of("r0", "r1", "r2"));
        assertEquals(60 + 3 * 60, all.size(), "each id once, each message without an id once");
    }

    /** Runs the servers' batches at once, checks every room's seqs run 1, 2, 3… and each id is stored once; returns every message. */
    private List<ChatMessage> writeAtOnce(int servers, int batches, Batches sender, List<String> rooms) throws Exception {
        List<PostgresMessageStore> nodes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(servers);
        try {
            for (int i = 0; i < servers; i++) {
                nodes.add(PostgresMessageStore.open(url, 2));
            }
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < servers; n++) {
                int server = n;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        nodes.get(server).append(sender.batch(server, b));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            nodes.forEach(PostgresMessageStore::close);
        }
        List<ChatMessage> all = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String room : rooms) {
            List<ChatMessage> messages = store.latest(room, 10_000);
            assertEquals(store.lastSeq(room), messages.size());
            for (int i = 0; i < messages.size(); i++) {
                assertEquals(i + 1, messages.get(i).seq(), "no hole, no seq twice in " + room);
                if (messages.get(i).clientMsgId() != null) {
                    assertTrue(ids.add(messages.get(i).clientMsgId()), "stored once: " + messages.get(i).clientMsgId());
                }
            }
            all.addAll(messages);
        }
        return all;
    }

    @Test
    void aNewerSchemaIsRefusedAndAnUnreachableDatabaseIsOneClearError() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            assertEquals(PostgresSchema.latestVersion(), PostgresSchema.currentVersion(c));
            s.executeUpdate("UPDATE schema_version SET version = 99");
        }
        StoreException newer = assertThrows(StoreException.class, () -> PostgresMessageStore.open(url, 2));
        assertTrue(newer.getMessage().contains("newer than this server's"), newer.getMessage());

        String nowhere = "jdbc:postgresql://127.0.0.1:" + heartbeatchat.server.engines.FreePort.next()
                + "/chat?user=chat&password=s3cret";
        StoreException down = assertThrows(StoreException.class, () -> PostgresMessageStore.open(nowhere, 2));
        assertTrue(down.getMessage().startsWith("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:"),
                down.getMessage());
        assertTrue(!down.getMessage().contains("s3cret") && down.getMessage().contains("password=***"), down.getMessage());
    }
}
