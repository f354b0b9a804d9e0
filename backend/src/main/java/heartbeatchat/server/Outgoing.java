package heartbeatchat.server;

import heartbeatchat.server.transport.Connection;
import heartbeatchat.server.transport.FrameRun;
import heartbeatchat.server.transport.SharedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Frames queued under the {@link ChatRoom}'s lock and written once it is released: the order of
 * frames on each connection is the order they were queued in, under the lock, and no network
 * write happens while the lock is held. Frames for everyone in a row are queued as one run.
 */
final class Outgoing {
    private static final Logger log = LoggerFactory.getLogger(Outgoing.class);
    private final Set<Connection> queued = new LinkedHashSet<>();
    /** Frames for every logged-in connection not yet queued on them, in order; they go as one {@link FrameRun}. */
    private final List<SharedFrame> everyoneRun = new ArrayList<>();
    private ToIntFunction<FrameRun> toEveryone;
    /** Frames queued through runs, counted once per connection each run went to. */
    private long everyoneDeliveries;

    /** Queues a frame; nothing is written yet. */
    void queue(Connection connection, SharedFrame frame) {
        endRun();
        connection.queue(frame);
        queued.add(connection);
    }

    /**
     * A frame for every logged-in connection (a lobby message): held, and queued together with the
     * ones for everyone next to it as one run ({@code toEveryone} queues it on each connection and
     * says on how many) as soon as anything else is queued, or at {@link #endRun()}.
     */
    void queueForEveryone(SharedFrame frame, ToIntFunction<FrameRun> toEveryone) {
        everyoneRun.add(frame);
        this.toEveryone = toEveryone;
    }

    /** Queues the frames held for everyone; under the lock, before it is released. */
    void endRun() {
        if (!everyoneRun.isEmpty()) {
            FrameRun run = new FrameRun(everyoneRun);
            everyoneRun.clear();
            everyoneDeliveries += (long) toEveryone.applyAsInt(run) * run.frames().size();
        }
    }

    /** Frames queued for everyone so far, one per connection and frame. */
    long everyoneDeliveries() {
        return everyoneDeliveries;
    }

    /** Writes what was queued; called after the lock is released. */
    void flush() {
        if (!everyoneRun.isEmpty()) {
            log.error("frames for everyone were not queued under the lock; queued now");
            endRun();
        }
        for (Connection c : queued) {
            c.flush();
        }
        queued.clear();
    }
}
