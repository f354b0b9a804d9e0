package heartbeatchat.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import heartbeatchat.shared.protocol.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The {@link MessageStore} on PostgreSQL, the system of record when several servers share one
 * database: messages, rooms, members, users, read positions, the server secret and the epoch, all
 * through one HikariCP pool. Unlike SQLite's, nothing is cached here, because another server may
 * have written since.
 *
 * <ul>
 *   <li>A batch is one transaction. It first locks the row of each of its rooms in {@code room_seqs}
 *       (in room id order, so two servers never deadlock), then gives each new message the next seq
 *       of its room: seqs are assigned in the same transaction that stores the messages, and no two
 *       servers ever give out the same one, nor leave a hole.</li>
 *   <li>Dedup is the unique index on {@code (user_id, client_msg_id)}: the originals of a batch's ids
 *       are looked up first; when another server stores the same id in the moment between (a retry
 *       on another node), the insert finds the conflict, the transaction is rolled back and the batch
 *       is tried again, now finding the original.</li>
 *   <li>Reads take any pooled connection and do not wait for the writer.</li>
 * </ul>
 */
public final class PostgresMessageStore implements MessageStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresMessageStore.class);
    private static final String COLUMNS = MessageRows.COLUMNS;
    /** How often a batch is tried when another server stores one of its clientMsgIds meanwhile. */
    private static final int ATTEMPTS = 3;

    private final HikariDataSource pool;
    private final String epoch;
    private final byte[] secret;
    private final PostgresRoomStore rooms;

    private PostgresMessageStore(HikariDataSource pool) throws SQLException {
        this.pool = pool;
        try (Connection c = pool.getConnection()) {
            int before = PostgresSchema.migrate(c);
            if (before < PostgresSchema.latestVersion()) {
                log.info("PostgreSQL schema migrated from version {} to {}", before, PostgresSchema.latestVersion());
            }
            secret = metaValue(c, "server_secret", 32);
            epoch = new String(metaValue(c, "epoch", 0), StandardCharsets.US_ASCII);
        }
        rooms = new PostgresRoomStore(pool);
    }

    /**
     * Connects to the database at the JDBC URL ({@code jdbc:postgresql://host:port/db?user=…}) and
     * brings its schema up to date. Fails at once, saying why, when the database cannot be reached.
     *
     * @param poolSize most connections this server opens
     */
    public static PostgresMessageStore open(String jdbcUrl, int poolSize) throws StoreException {
        Properties probe = new Properties();
        probe.setProperty("connectTimeout", "3");
        probe.setProperty("loginTimeout", "5");
        try (Connection c = new org.postgresql.Driver().connect(jdbcUrl, probe)) {
            if (c == null) {
                throw new StoreException("cannot use " + withoutSecrets(jdbcUrl) + ": not a PostgreSQL JDBC URL", null);
            }
        } catch (SQLException e) {
            // before the pool, so that a database that is down is this one line rather than the pool's stack trace
            throw new StoreException("cannot connect to PostgreSQL at " + withoutSecrets(jdbcUrl) + ": " + e.getMessage(), e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("chat-postgres");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(3_000); // a store that is down answers store_unavailable within 3 s
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(1); // one try at start: an unreachable database is an error now
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to PostgreSQL at " + withoutSecrets(jdbcUrl) + ": " + rootMessage(e), e);
        }
        try {
            return new PostgresMessageStore(pool);
        } catch (SQLException e) {
            pool.close();
            throw new StoreException("cannot prepare the PostgreSQL database at " + withoutSecrets(jdbcUrl) + ": "
                    + e.getMessage(), e);
        }
    }

    /** The URL with any password left out, for messages and logs. */
    static String withoutSecrets(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** The value under {@code key}; when absent, made from {@code randomBytes} random bytes (0: an epoch), once, whichever server comes first. */
    private static byte[] metaValue(Connection c, String key, int randomBytes) throws SQLException {
        SecureRandom random = new SecureRandom();
        byte[] value;
        if (randomBytes > 0) {
            value = new byte[randomBytes];
            random.nextBytes(value);
        } else {
            value = Epochs.random(random).getBytes(StandardCharsets.US_ASCII);
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, key);
            insert.setBytes(2, value);
            insert.executeUpdate();
        }
        try (PreparedStatement q = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            q.setString(1, key);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getBytes(1);
            }
        }
    }

    @Override
    public void check() throws StoreException {
        try (Connection c = pool.getConnection()) {
            if (!c.isValid(2)) {
                throw new SQLException("the connection did not answer within 2 s");
            }
        } catch (SQLException e) {
            throw new StoreException("PostgreSQL does not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public byte[] serverSecret() {
        return secret.clone();
    }

    @Override
    public RoomStore rooms() {
        return rooms;
    }

    @Override
    public long lastSeq(String roomId) throws StoreException {
        try (Connection c = pool.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT last_seq FROM room_seqs WHERE room_id = ?")) {
            q.setString(1, roomId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new StoreException("reading the room's last seq failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ChatMessage> latest(String roomId, int limit) throws StoreException {
        return before(roomId, Long.MAX_VALUE, limit);
    }

    @Override
    public List<ChatMessage> before(String roomId, long seq, int limit) throws StoreException {
        try (Connection c = pool.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM messages WHERE room_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?")) {
            List<ChatMessage> out = MessageRows.page(q, roomId, seq, limit);
            Collections.reverse(out);
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading history failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ChatMessage> after(String roomId, long seq, int limit) throws StoreException {
        try (Connection c = pool.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM messages WHERE room_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            return MessageRows.page(q, roomId, seq, limit);
        } catch (SQLException e) {
            throw new StoreException("reading messages after " + seq + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Long> lastSeqs(Collection<String> roomIds) throws StoreException {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = pool.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT room_id, last_seq FROM room_seqs WHERE room_id = ANY(?)")) {
            q.setArray(1, c.createArrayOf("text", roomIds.toArray()));
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading the rooms' last seqs failed: " + e.getMessage(), e);
        }
        for (String id : roomIds) {
            out.putIfAbsent(id, 0L);
        }
        return out;
    }

    @Override
    public List<Stored> append(List<NewMessage> batch) throws StoreException {
        if (batch.isEmpty()) {
            return List.of();
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (int attempt = 1; ; attempt++) {
                    List<Stored> results = appendInTransaction(c, batch);
                    if (results != null) {
                        c.commit();
                        return results;
                    }
                    c.rollback(); // another server stored one of the ids meanwhile: now the lookup finds it
                    if (attempt == ATTEMPTS) {
                        throw new SQLException("the batch kept meeting clientMsgIds stored by another server");
                    }
                }
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the pool replaces a broken connection
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("storing " + batch.size() + " messages failed: " + e.getMessage(), e);
        }
    }

    /** The batch's results, or null when an insert met a clientMsgId another server stored meanwhile. */
    private List<Stored> appendInTransaction(Connection c, List<NewMessage> batch) throws SQLException {
        Map<String, Long> last = lockRooms(c, batch);
        Map<String, ChatMessage> originals = originals(c, batch);
        List<Stored> results = new ArrayList<>(batch.size());
        List<ChatMessage> inserted = new ArrayList<>();
        for (NewMessage m : batch) {
            String key = m.clientMsgId() == null ? null : m.userId() + "\n" + m.clientMsgId();
            ChatMessage original = key == null ? null : originals.get(key);
            if (original != null) {
                results.add(new Stored(original, true));
                continue;
            }
            long seq = last.merge(m.roomId(), 1L, Long::sum);
            ChatMessage stored = new ChatMessage(m.roomId(), seq, m.time(), m.userId(), m.userName(), m.userAvatar(),
                    m.data(), m.clientMsgId());
            if (key != null) {
                originals.put(key, stored); // the same id again later in the batch is a duplicate of this one
            }
            inserted.add(stored);
            results.add(new Stored(stored, false));
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO messages (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, client_msg_id) WHERE client_msg_id IS NOT NULL"
                + " DO NOTHING")) {
            for (ChatMessage m : inserted) {
                insert.setString(1, m.room());
                insert.setLong(2, m.seq());
                insert.setLong(3, m.time());
                insert.setString(4, m.userId());
                insert.setString(5, m.userName());
                insert.setString(6, m.userAvatar());
                insert.setString(7, m.data());
                insert.setString(8, m.clientMsgId());
                insert.addBatch();
            }
            for (int count : insert.executeBatch()) {
                if (count == 0) {
                    return null;
                }
            }
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE room_seqs SET last_seq = ? WHERE room_id = ?")) {
            for (Map.Entry<String, Long> e : last.entrySet()) {
                update.setLong(1, e.getValue());
                update.setString(2, e.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
        return results;
    }

    /** Locks the row of each room of the batch, in id order, and returns each room's last seq. */
    private static Map<String, Long> lockRooms(Connection c, List<NewMessage> batch) throws SQLException {
        TreeSet<String> roomIds = new TreeSet<>();
        batch.forEach(m -> roomIds.add(m.roomId()));
        Array ids = c.createArrayOf("text", roomIds.toArray());
        try (PreparedStatement create = c.prepareStatement("INSERT INTO room_seqs (room_id, last_seq)"
                + " SELECT id, 0 FROM unnest(?::text[]) AS id ORDER BY id ON CONFLICT DO NOTHING")) {
            create.setArray(1, ids);
            create.executeUpdate();
        }
        Map<String, Long> last = new HashMap<>();
        try (PreparedStatement lock = c.prepareStatement("SELECT room_id, last_seq FROM room_seqs WHERE room_id = ANY(?)"
                + " ORDER BY room_id FOR UPDATE")) {
            lock.setArray(1, ids);
            try (ResultSet r = lock.executeQuery()) {
                while (r.next()) {
                    last.put(r.getString(1), r.getLong(2));
                }
            }
        }
        return last;
    }

    /** The stored messages with the batch's (user, clientMsgId) pairs, by "user\nclientMsgId". */
    private static Map<String, ChatMessage> originals(Connection c, List<NewMessage> batch) throws SQLException {
        List<String> users = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (NewMessage m : batch) {
            if (m.clientMsgId() != null) {
                users.add(m.userId());
                ids.add(m.clientMsgId());
            }
        }
        Map<String, ChatMessage> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM messages WHERE client_msg_id IS NOT NULL"
                + " AND (user_id, client_msg_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))")) {
            q.setArray(1, c.createArrayOf("text", users.toArray()));
            q.setArray(2, c.createArrayOf("text", ids.toArray()));
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    ChatMessage m = MessageRows.row(r);
                    out.put(m.userId() + "\n" + m.clientMsgId(), m);
                }
            }
        }
        return out;
    }


    @Override
    public void close() {
        pool.close();
    }
}
