package heartbeatchat.server.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The {@link RoomStore} on PostgreSQL, beside {@link PostgresMessageStore}'s messages in the same
 * database and pool; each unit of work a transaction on a pooled connection, so several servers
 * write at once and the constraints settle what they race for.
 */
final class PostgresRoomStore extends SqlRoomStore {
    private final DataSource pool;

    PostgresRoomStore(DataSource pool) {
        super("created_order", "joined_order", "greatest");
        this.pool = pool;
    }

    @Override
    <T> T transaction(String what, Work<T> work) throws StoreException {
        try (Connection c = pool.getConnection()) {
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
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }
}
