package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * The durable {@link MessageStore}: one SQLite file, {@code chat.db}, in the data directory, in WAL
 * mode with {@code synchronous=FULL}, so a committed batch survives a crash of the process and of
 * the machine. The server secret and the epoch live in its {@code meta} table.
 *
 * <p>One connection, used by one writer at a time. After a failure the connection is dropped and
 * opened again on the next call, so the store recovers by itself once the file is usable again.
 */
public final class SqliteMessageStore implements MessageStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteMessageStore.class);
    private static final String SELECT_COLUMNS = "SELECT " + MessageRows.COLUMNS + " FROM messages";

    private final String url;
    private final int busyTimeoutMillis;
    private final boolean readOnly;
    private final String epoch;
    private final byte[] secret;
    private Connection connection;
    /** Each room's highest seq, read from the database the first time the room is asked for. */
    private final Map<String, Long> lastSeqs = new HashMap<>();
    private final SqliteRoomStore rooms = new SqliteRoomStore(this);

    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private SqliteMessageStore(Path file, int busyTimeoutMillis, boolean readOnly) throws StoreException {
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.busyTimeoutMillis = busyTimeoutMillis;
        this.readOnly = readOnly;
        try {
            Connection c = connection();
            if (!readOnly) {
                int before = SchemaMigrations.migrate(c);
                if (before < SchemaMigrations.latestVersion()) {
                    log.info("schema of {} migrated from version {} to {}", file, before, SchemaMigrations.latestVersion());
                }
            }
            secret = metaValue(c, "server_secret", 32);
            epoch = new String(metaValue(c, "epoch", 0), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (SQLException e) {
            dropConnection();
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens (creating when needed) {@code chat.db} in the directory. It holds the server secret, so
     * a directory made here is readable by its owner only (0700), and the database file is made or
     * set 0600; SQLite gives its {@code -wal} and {@code -shm} files the database file's mode. The
     * driver's native library is loaded from a copy kept in the directory ({@link SqliteNativeLibrary}).
     */
    public static SqliteMessageStore open(Path dataDir, int busyTimeoutMillis) throws StoreException {
        Path file = dataDir.resolve("chat.db");
        try {
            if (!Files.isDirectory(dataDir)) {
                Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            }
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)); // empty: a new database
            } else {
                Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new StoreException("cannot create " + file + " readable by its owner only: " + e.getMessage(), e);
        }
        SqliteNativeLibrary.useCopyIn(dataDir);
        return new SqliteMessageStore(file, busyTimeoutMillis, false);
    }

    /** Opens an existing database that may only be read; every write fails. */
    public static SqliteMessageStore openReadOnly(Path dataDir) throws StoreException {
        return new SqliteMessageStore(dataDir.resolve("chat.db"), 0, true);
    }

    /** Rooms, members, users and read positions in the same database, under the same lock. */
    @Override
    public RoomStore rooms() {
        return rooms;
    }

    /** The one connection; callers hold this store's lock. */
    Connection connection() throws SQLException {
        if (connection == null) {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(busyTimeoutMillis);
            config.setReadOnly(readOnly);
            if (!readOnly) {
                config.setJournalMode(SQLiteConfig.JournalMode.WAL);
                config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            }
            connection = config.createConnection(url);
        }
        return connection;
    }

    void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is being thrown away
            }
            connection = null;
        }
    }

    /** The value under {@code key}; when absent, made from {@code randomBytes} random bytes (0: an epoch). */
    private static byte[] metaValue(Connection c, String key, int randomBytes) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            q.setString(1, key);
            try (ResultSet r = q.executeQuery()) {
                if (r.next()) {
                    return r.getBytes(1);
                }
            }
        }
        SecureRandom random = new SecureRandom();
        byte[] value;
        if (randomBytes > 0) {
            value = new byte[randomBytes];
            random.nextBytes(value);
        } else {
            value = Epochs.random(random).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)")) {
            insert.setString(1, key);
            insert.setBytes(2, value);
            insert.executeUpdate();
        }
        return value;
    }

    private long queryLastSeq(String roomId) throws SQLException {
        try (PreparedStatement q = connection().prepareStatement("SELECT coalesce(max(seq), 0) FROM messages WHERE room_id = ?")) {
            q.setString(1, roomId);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @Override
    public synchronized void check() throws StoreException {
        try (java.sql.Statement s = connection().createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM meta")) {
            r.next();
        } catch (SQLException e) {
            dropConnection();
            throw new StoreException("SQLite cannot be read: " + e.getMessage(), e);
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
    public synchronized long lastSeq(String roomId) throws StoreException {
        Long known = lastSeqs.get(roomId);
        if (known != null) {
            return known;
        }
        try {
            long last = queryLastSeq(roomId);
            lastSeqs.put(roomId, last);
            return last;
        } catch (SQLException e) {
            dropConnection();
            throw new StoreException("reading the room's last seq failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ChatMessage> latest(String roomId, int limit) throws StoreException {
        return before(roomId, Long.MAX_VALUE, limit);
    }

    @Override
    public synchronized List<ChatMessage> before(String roomId, long seq, int limit) throws StoreException {
        try (PreparedStatement q = connection().prepareStatement("SELECT * FROM (" + SELECT_COLUMNS
                + " WHERE room_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?) ORDER BY seq")) {
            return MessageRows.page(q, roomId, seq, limit);
        } catch (SQLException e) {
            dropConnection();
            throw new StoreException("reading history failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<ChatMessage> after(String roomId, long seq, int limit) throws StoreException {
        try (PreparedStatement q = connection().prepareStatement(SELECT_COLUMNS + " WHERE room_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            return MessageRows.page(q, roomId, seq, limit);
        } catch (SQLException e) {
            dropConnection();
            throw new StoreException("reading messages after " + seq + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Stored> append(List<NewMessage> batch) throws StoreException {
        try {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                Map<String, Long> last = new HashMap<>();
                List<Stored> results = appendInTransaction(c, batch, last);
                c.commit();
                lastSeqs.putAll(last); // only once committed
                return results;
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is dropped below
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            dropConnection();
            throw new StoreException("storing " + batch.size() + " messages failed: " + e.getMessage(), e);
        }
    }

    /** @param last filled with each room's highest seq after the batch */
    private List<Stored> appendInTransaction(Connection c, List<NewMessage> batch, Map<String, Long> last)
            throws SQLException {
        List<Stored> results = new ArrayList<>(batch.size());
        Map<String, ChatMessage> inBatch = new HashMap<>();
        try (PreparedStatement find = c.prepareStatement(SELECT_COLUMNS + " WHERE user_id = ? AND client_msg_id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO messages (room_id, seq, time, user_id, user_name,"
                     + " user_avatar, data, client_msg_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (NewMessage m : batch) {
                if (m.clientMsgId() != null) {
                    String key = m.userId() + "\n" + m.clientMsgId();
                    ChatMessage original = inBatch.get(key);
                    if (original == null) {
                        original = findOriginal(find, m);
                    }
                    if (original != null) {
                        results.add(new Stored(original, true));
                        continue;
                    }
                }
                Long known = last.containsKey(m.roomId()) ? last.get(m.roomId()) : lastSeqs.get(m.roomId());
                long seq = (known != null ? known : queryLastSeq(m.roomId())) + 1;
                last.put(m.roomId(), seq);
                ChatMessage stored = new ChatMessage(m.roomId(), seq, m.time(), m.userId(), m.userName(), m.userAvatar(),
                        m.data(), m.clientMsgId());
                insert.setString(1, m.roomId());
                insert.setLong(2, stored.seq());
                insert.setLong(3, stored.time());
                insert.setString(4, stored.userId());
                insert.setString(5, stored.userName());
                insert.setString(6, stored.userAvatar());
                insert.setString(7, stored.data());
                insert.setString(8, stored.clientMsgId());
                insert.executeUpdate();
                if (m.clientMsgId() != null) {
                    inBatch.put(m.userId() + "\n" + m.clientMsgId(), stored);
                }
                results.add(new Stored(stored, false));
            }
        }
        return results;
    }

    private static ChatMessage findOriginal(PreparedStatement find, NewMessage m) throws SQLException {
        find.setString(1, m.userId());
        find.setString(2, m.clientMsgId());
        try (ResultSet r = find.executeQuery()) {
            return r.next() ? MessageRows.row(r) : null;
        }
    }


    @Override
    public synchronized void close() {
        dropConnection();
    }
}
