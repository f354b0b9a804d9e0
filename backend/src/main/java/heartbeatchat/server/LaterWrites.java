package heartbeatchat.server;

import heartbeatchat.server.store.RoomStore;
import heartbeatchat.server.store.StoreException;
import heartbeatchat.shared.protocol.UserInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Users who logged in with rooms and read positions, written to the store once a second in one
 * transaction from a thread of its own, so that neither a login nor a read report waits for the
 * disk. What is pending is written on {@link #close()}; a crash loses at most the last second of it
 * (a read position then moves back a little, a name is remembered at the next login).
 */
final class LaterWrites implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LaterWrites.class);

    private final RoomStore store;
    private final LongSupplier epochMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "later-writes");
        t.setDaemon(true);
        return t;
    });
    private Map<String, UserInfo> users = new LinkedHashMap<>();
    private Map<String, RoomStore.ReadPosition> reads = new LinkedHashMap<>();

    LaterWrites(RoomStore store, LongSupplier epochMillis, long everyMillis) {
        this.store = store;
        this.epochMillis = epochMillis;
        timer.scheduleWithFixedDelay(this::flush, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    synchronized void user(UserInfo user) {
        users.put(user.userId(), user);
    }

    synchronized void read(String userId, String roomId, long seq) {
        reads.merge(userId + "\n" + roomId, new RoomStore.ReadPosition(userId, roomId, seq),
                (a, b) -> a.seq() >= b.seq() ? a : b);
    }

    /** Writes what is pending; on failure it stays pending for the next try. */
    void flush() {
        Map<String, UserInfo> u;
        Map<String, RoomStore.ReadPosition> r;
        synchronized (this) {
            if (users.isEmpty() && reads.isEmpty()) {
                return;
            }
            u = users;
            r = reads;
            users = new LinkedHashMap<>();
            reads = new LinkedHashMap<>();
        }
        try {
            store.save(u.values(), r.values(), epochMillis.getAsLong());
        } catch (StoreException | RuntimeException e) {
            log.warn("could not save {} users and {} read positions, trying again: {}", u.size(), r.size(), e.toString());
            synchronized (this) {
                u.forEach(users::putIfAbsent);
                r.values().forEach(p -> read(p.userId(), p.roomId(), p.seq()));
            }
        }
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
