package heartbeatchat.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The {@link RoomStore} in {@code chat.db}, beside the messages: tables {@code rooms},
 * {@code members} and {@code read_positions} (schema version 3) and {@code users} (4). It shares the
 * message store's connection and lock, so rooms and messages are written one at a time.
 */
final class SqliteRoomStore extends SqlRoomStore {
    private final SqliteMessageStore db;

    SqliteRoomStore(SqliteMessageStore db) {
        super("rowid", "rowid", "max");
        this.db = db;
    }

    /** Runs the work in one transaction under the store's lock; after a failure the connection is opened again. */
    @Override
    <T> T transaction(String what, Work<T> work) throws StoreException {
        synchronized (db) {
            try {
                Connection c = db.connection();
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                db.dropConnection();
                throw new StoreException(what + " failed: " + e.getMessage(), e);
            }
        }
    }
}
