package heartbeatchat.server;

import heartbeatchat.server.transport.Connection;
import heartbeatchat.server.transport.SharedFrame;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Frames queued under the {@link ChatRoom}'s lock and written once it is released: the order of
 * frames on each connection is the order they were queued in, under the lock, and no network
 * write happens while the lock is held.
 */
final class Outgoing {
    private final Set<Connection> queued = new LinkedHashSet<>();

    /** Queues a frame; nothing is written yet. */
    void queue(Connection connection, SharedFrame frame) {
        connection.queue(frame);
        queued.add(connection);
    }

    /** Writes what was queued; called after the lock is released. */
    void flush() {
        for (Connection c : queued) {
            c.flush();
        }
        queued.clear();
    }
}
