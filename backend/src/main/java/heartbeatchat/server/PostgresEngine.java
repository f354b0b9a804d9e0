package heartbeatchat.server;

import heartbeatchat.server.store.MessageStore;
import heartbeatchat.server.store.PostgresMessageStore;
import heartbeatchat.server.store.StoreException;

/**
 * Opens the PostgreSQL store for {@code --postgres}. Its own class, so that a server without the flag
 * never loads PostgreSQL's or HikariCP's classes: only calling {@link #open} does.
 */
final class PostgresEngine {
    private PostgresEngine() {
    }

    /** The store, or a one-line reason with exit code 2 when the database cannot be reached or used. */
    static MessageStore open(String jdbcUrl, int poolSize) throws StartupException {
        try {
            return PostgresMessageStore.open(jdbcUrl, poolSize);
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e, 2);
        }
    }
}
