package heartbeatchat.server;

import com.fasterxml.jackson.databind.JsonNode;
import heartbeatchat.server.cluster.Broker;
import heartbeatchat.server.cluster.RedisBroker;
import heartbeatchat.server.engines.PostgresServer;
import heartbeatchat.server.engines.RedisServer;
import heartbeatchat.server.metrics.Metrics;
import heartbeatchat.server.store.PostgresMessageStore;
import heartbeatchat.shared.testing.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two servers of a cluster in one JVM, each a {@link ChatRoom} with its own PostgreSQL pool and Redis
 * broker, on a real PostgreSQL and a real Redis the test starts; clients are recording connections.
 * Publishes are dropped on purpose by a test decorator of the broker (no hook in the broker itself).
 */
class ClusterIT {
    private static final RoomSettings SETTINGS = new RoomSettings(15_000, 10_000, 100, 1_000, 100, 5, 1_000, 1_000,
            1 << 20, 100, 1_000, 1_000);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private RedisServer redis;
    private String database;
    private int connectionIds;

    /** A broker that loses the message publishes the predicate picks (by count from 1), as Redis may. */
    private static final class DroppingBroker implements Broker {
        private final Broker inner;
        private final IntPredicate drop;
        private int published;

        DroppingBroker(Broker inner, IntPredicate drop) {
            this.inner = inner;
            this.drop = drop;
        }

        @Override
        public void publishMessage(String roomId, String messageFrame) {
            if (!drop.test(++published)) {
                inner.publishMessage(roomId, messageFrame);
            }
        }

        @Override
        public void start(Listener listener) {
            inner.start(listener);
        }

        @Override
        public void follow(String roomId) {
            inner.follow(roomId);
        }

        @Override
        public void publishToRoom(String roomId, String exceptUser, String frame) {
            inner.publishToRoom(roomId, exceptUser, frame);
        }

        @Override
        public void publishToUser(String userId, String frame) {
            inner.publishToUser(userId, frame);
        }

        @Override
        public void publishToEveryone(String frame) {
            inner.publishToEveryone(frame);
        }

        @Override
        public void publishRoomChanged(String roomId, String userId) {
            inner.publishRoomChanged(roomId, userId);
        }

        @Override
        public void keepPresence(java.util.Map<String, String> users) {
            inner.keepPresence(users);
        }

        @Override
        public java.util.Map<String, java.util.Map<String, String>> presenceOfOthers() {
            return inner.presenceOfOthers();
        }

        @Override
        public void forgetPresence() {
            inner.forgetPresence();
        }

        @Override
        public String problem() {
            return inner.problem();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @BeforeEach
    void engines() throws Exception {
        redis = RedisServer.start();
        database = PostgresServer.shared().newDatabase();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        redis.close();
    }

    private ChatRoom node(String name, IntPredicate dropPublish) throws Exception {
        return node(name, dropPublish, database);
    }

    private ChatRoom node(String name, IntPredicate dropPublish, String database) throws Exception {
        PostgresMessageStore store = PostgresMessageStore.open(database, 4);
        Broker broker = new DroppingBroker(RedisBroker.connect(redis.url(), name), dropPublish);
        ChatRoom room = new ChatRoom(new FakeClock(), System::currentTimeMillis, new JsonCodec(), store,
                SETTINGS, RoomLimits.DEFAULTS, Metrics.NONE, broker);
        closing.add(store);
        closing.add(broker);
        closing.add(room);
        return room;
    }

    private RecordingConnection logIn(ChatRoom node, String openid, String name, String rooms) {
        RecordingConnection c = new RecordingConnection("c" + (++connectionIds));
        node.onConnect(c, "test", "127.0.0.1");
        node.onText(c.id(), ChatRoomFixture.loginWithRooms(openid, name, rooms));
        c.next("login");
        return c;
    }

    private static void say(ChatRoom node, RecordingConnection c, String room, String text) {
        node.onText(c.id(), "{\"type\":\"message\",\"room\":\"" + room + "\",\"data\":\"" + text + "\",\"clientMsgId\":\""
                + text + "\"}");
    }

    /** The seqs of the next {@code n} messages the connection receives, with their texts checked against "m" + seq. */
    private static List<Long> seqs(RecordingConnection c, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode m = c.nextOfType("message");
            out.add(m.path("seq").asLong());
            assertEquals("m" + m.path("seq").asLong(), m.path("data").asText());
        }
        return out;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void messagesCrossServersInOrderAndDroppedPublishesArriveFromTheStore() throws Exception {
        ChatRoom a = node("node-a", n -> n == 3 || n == 7 || n == 8 || n == 20);
        ChatRoom b = node("node-b", n -> false);
        RecordingConnection ann = logIn(a, "openid-cluster-ann-000001", "Ann", "{}");
        RecordingConnection bob = logIn(b, "openid-cluster-bob-000001", "Bob", "{}");
        for (int i = 1; i <= 20; i++) {
            say(a, ann, "lobby", "m" + i);
        }
        assertEquals(range(1, 20), seqs(ann, 20));
        assertEquals(range(1, 19), seqs(bob, 19), "3, 7 and 8 were lost on the way: filled from the store, in order");
        b.catchUp(); // 20, the last, was lost too, and nothing came after it: the once-a-second catch-up finds it
        assertEquals(List.of(20L), seqs(bob, 1));
        say(b, bob, "lobby", "m21");
        assertEquals(List.of(21L), seqs(ann, 1), "and back the other way");
        assertEquals(List.of(21L), seqs(bob, 1));
        bob.assertNothingMore();
    }

    @Test
    void whenRedisDiesAndComesBackNothingIsLostAndTheBrokerSaysSoMeanwhile() throws Exception {
        ChatRoom a = node("node-a", n -> false);
        ChatRoom b = node("node-b", n -> false);
        RecordingConnection ann = logIn(a, "openid-cluster-ann-000002", "Ann", "{}");
        RecordingConnection bob = logIn(b, "openid-cluster-bob-000002", "Bob", "{}");
        for (int i = 1; i <= 5; i++) {
            say(a, ann, "lobby", "m" + i);
        }
        assertEquals(range(1, 5), seqs(bob, 5));
        assertNull(b.clusterProblem());
        redis.kill();
        long deadline = System.currentTimeMillis() + 10_000;
        while (b.clusterProblem() == null) {
            assertTrue(System.currentTimeMillis() < deadline, "the broker noticed");
            Thread.sleep(50);
        }
        for (int i = 6; i <= 10; i++) {
            say(a, ann, "lobby", "m" + i); // stored; the publishes fail
        }
        assertEquals(range(1, 10), seqs(ann, 10), "the sender's own server delivers without Redis");
        redis.startAgain();
        deadline = System.currentTimeMillis() + 20_000;
        while (a.clusterProblem() != null || b.clusterProblem() != null) {
            assertTrue(System.currentTimeMillis() < deadline, "both reconnected by themselves: " + b.clusterProblem());
            Thread.sleep(100);
        }
        assertEquals(range(6, 10), seqs(bob, 5), "what was sent while Redis was down, fetched on reconnecting");
        for (int i = 11; i <= 12; i++) {
            say(a, ann, "lobby", "m" + i);
        }
        assertEquals(range(11, 12), seqs(bob, 2));
        bob.assertNothingMore();
    }

    @Test
    void roomsDirectConversationsTypingAndReadsWorkAcrossServers() throws Exception {
        ChatRoom a = node("node-a", n -> false);
        ChatRoom b = node("node-b", n -> false);
        RecordingConnection ann = logIn(a, "openid-cluster-ann-000003", "Ann", "{}");
        RecordingConnection bob = logIn(b, "openid-cluster-bob-000003", "Bob", "{}");
        a.onText(ann.id(), "{\"type\":\"createRoom\",\"name\":\"Ops\"}");
        String ops = ann.nextOfType("room").path("room").asText();
        b.onText(bob.id(), "{\"type\":\"joinRoom\",\"room\":\"" + ops + "\"}");
        assertEquals("Ops", bob.nextOfType("room").path("name").asText(), "a room made on the other server");
        assertEquals(2, ann.nextOfType("members").path("members").asInt(), "Ann hears that Bob joined");
        say(a, ann, ops, "m1");
        JsonNode inOps = bob.nextOfType("message");
        assertEquals(ops, inOps.path("room").asText());
        assertEquals(1, inOps.path("seq").asLong());
        b.onText(bob.id(), "{\"type\":\"typing\",\"room\":\"" + ops + "\"}");
        assertEquals("Bob", ann.nextOfType("typing").path("userName").asText());
        b.onText(bob.id(), "{\"type\":\"read\",\"room\":\"" + ops + "\",\"seq\":1}");
        JsonNode read = ann.nextOfType("read");
        assertEquals(1, read.path("seq").asLong());
        String bobId = read.path("userId").asText();
        RecordingConnection annAgain = logIn(a, "openid-cluster-ann-000003", "Ann", "{}");
        JsonNode entry = null;
        for (JsonNode e : json(annAgain.all.get(0)).path("rooms")) {
            entry = ops.equals(e.path("room").asText()) ? e : entry;
        }
        assertNotNull(entry);
        assertEquals(1, entry.path("reads").path(bobId).asLong(), "A keeps the position Bob read on B, for \"Seen\"");

        a.syncPresence(); // Ann is online on A: B knows her from there, though the store may not have her yet
        b.syncPresence();
        String annId = ann.all.stream().filter(f -> f.contains("\"type\":\"login\"")).findFirst()
                .map(f -> f.replaceAll(".*\"userId\":\"([^\"]+)\".*", "$1")).orElseThrow();
        b.onText(bob.id(), "{\"type\":\"openDirect\",\"userId\":\"" + annId + "\"}");
        JsonNode dm = bob.nextOfType("room");
        assertTrue(dm.path("direct").asBoolean());
        String dmId = dm.path("room").asText();
        assertEquals(dmId, ann.nextOfType("room").path("room").asText(), "Ann's server is told of the conversation");
        say(b, bob, dmId, "m1");
        JsonNode private1 = ann.nextOfType("message");
        assertEquals(dmId, private1.path("room").asText());
        assertEquals("m1", private1.path("data").asText());
    }

    @Test
    void whoIsOnlineIsTheClustersAndADeadServersUsersGoWithinItsExpiry() throws Exception {
        ChatRoom a = node("node-a", n -> false);
        ChatRoom b = node("node-b", n -> false);
        RecordingConnection ann = logIn(a, "openid-cluster-ann-000004", "Ann", "{}");
        RecordingConnection bob = logIn(b, "openid-cluster-bob-000004", "Bob", "{}");
        a.syncPresence();
        b.syncPresence();
        assertEquals("Ann", bob.nextOfType("join").path("userName").asText(), "Ann came online on the other server");
        a.syncPresence();
        assertEquals("Bob", ann.nextOfType("join").path("userName").asText());
        RecordingConnection cy = logIn(b, "openid-cluster-cy-0000004", "Cy", "{}");
        JsonNode reply = cy.all.stream().filter(f -> f.contains("\"type\":\"login\"")).findFirst()
                .map(ClusterIT::json).orElseThrow();
        assertEquals(3, reply.path("usersTotal").asInt(), "the login reply counts the cluster's users");
        List<String> names = new ArrayList<>();
        reply.path("users").forEach(u -> names.add(u.path("userName").asText()));
        assertTrue(names.containsAll(List.of("Ann", "Bob", "Cy")), names.toString());

        // Bob opens as many connections as one user may, across both servers: the next is refused
        logIn(a, "openid-cluster-bob-000004", "Bob", "{}"); // Bob's second, on A
        b.syncPresence();
        a.syncPresence();
        for (int i = 0; i < 3; i++) {
            logIn(b, "openid-cluster-bob-000004", "Bob", "{}");
        }
        b.syncPresence();
        a.syncPresence();
        RecordingConnection sixth = new RecordingConnection("c-sixth");
        a.onConnect(sixth, "test", "127.0.0.1");
        a.onText(sixth.id(), ChatRoomFixture.loginWithRooms("openid-cluster-bob-000004", "Bob", "{}"));
        assertEquals("too_many_connections", sixth.nextOfType("error").path("code").asText(),
                "5 connections at most, counted over both servers");

        // node B dies without a word (its presence is not forgotten): its users leave A's list once it expires
        b.onClose(cy.id(), 1006, "");
        closing.remove(b);
        long died = System.currentTimeMillis();
        long deadline = died + (Broker.PRESENCE_TTL_SECONDS + 5) * 1_000;
        while (true) {
            a.syncPresence();
            String frame = ann.all.stream().filter(f -> f.contains("\"type\":\"leave\"") && f.contains("Cy")).findFirst().orElse(null);
            if (frame != null) {
                break;
            }
            assertTrue(System.currentTimeMillis() < deadline, "Cy left Ann's list within the expiry");
            Thread.sleep(500);
        }
        assertTrue(System.currentTimeMillis() - died <= (Broker.PRESENCE_TTL_SECONDS + 3) * 1_000);
    }

    private static JsonNode json(String frame) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(frame);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void whilePostgresIsDownSendersAreToldAndAfterwardsEachResendIsStoredOnceAndCrossesOnce() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            String own = postgres.newDatabase();
            ChatRoom a = node("node-a", n -> false, own);
            ChatRoom b = node("node-b", n -> false, own);
            RecordingConnection ann = logIn(a, "openid-cluster-ann-000005", "Ann", "{}");
            RecordingConnection bob = logIn(b, "openid-cluster-bob-000005", "Bob", "{}");
            say(a, ann, "lobby", "m1");
            assertEquals(List.of(1L), seqs(bob, 1));
            postgres.stop();
            say(a, ann, "lobby", "m2");
            JsonNode refused = ann.nextOfType("error");
            assertEquals("store_unavailable", refused.path("code").asText());
            assertEquals("m2", refused.path("clientMsgId").asText(), "the outbox keeps it and sends it again");
            assertTrue(a.clusterProblem() == null, "Redis is fine; the store's state is /ready's other half");
            postgres.startAgain();
            long deadline = System.currentTimeMillis() + 20_000;
            JsonNode stored = null;
            while (stored == null) { // the outbox's resends, until the store takes it
                assertTrue(System.currentTimeMillis() < deadline, "stored once PostgreSQL is back");
                say(a, ann, "lobby", "m2");
                JsonNode answer = ann.next();
                while (!answer.path("type").asText().equals("message") && !answer.path("type").asText().equals("error")) {
                    answer = ann.next();
                }
                if (answer.path("type").asText().equals("message")) {
                    stored = answer;
                } else {
                    Thread.sleep(500);
                }
            }
            assertEquals(2, stored.path("seq").asLong());
            say(a, ann, "lobby", "m2"); // one resend too many: answered with the original
            assertEquals(2, ann.nextOfType("message").path("seq").asLong());
            assertEquals(List.of(2L), seqs(bob, 1), "crossed once");
            bob.assertNothingMore();
        }
    }
}
