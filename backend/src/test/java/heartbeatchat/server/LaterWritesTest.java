package heartbeatchat.server;

import heartbeatchat.server.store.InMemoryRoomStore;
import heartbeatchat.server.store.RoomStore;
import heartbeatchat.server.store.StoreException;
import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.shared.protocol.UserInfo;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Users and read positions gathered in memory and written in one go; a failed write is tried again, not lost. */
class LaterWritesTest {
    private final InMemoryRoomStore kept = new InMemoryRoomStore();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger saves = new AtomicInteger();
    /** The in-memory store, whose {@code save} fails while {@link #failuresLeft} lasts. */
    private final RoomStore store = (RoomStore) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {RoomStore.class}, (proxy, method, args) -> {
                if (method.getName().equals("save")) {
                    saves.incrementAndGet();
                    if (failuresLeft.getAndDecrement() > 0) {
                        throw new StoreException("disk full", null);
                    }
                }
                return method.invoke(kept, args);
            });

    @Test
    void whatIsPendingIsWrittenInOneSaveAndAFailedSaveIsTriedAgain() throws Exception {
        try (LaterWrites later = new LaterWrites(store, () -> 1_000L, 3_600_000)) { // flushed by hand here
            later.user(new UserInfo("ann", "Ann", "🦊"));
            later.read("ann", Rooms.LOBBY, 4);
            later.read("ann", Rooms.LOBBY, 9);
            later.read("ann", Rooms.LOBBY, 7); // a late report: the highest is kept
            failuresLeft.set(1);
            later.flush();
            assertEquals(Optional.empty(), kept.user("ann"), "the failed save stored nothing");
            later.read("ann", "r-ops", 2); // more arrives before the next try
            later.flush();
            assertEquals(Optional.of(new UserInfo("ann", "Ann", "🦊")), kept.user("ann"));
            assertEquals(Map.of("ann", 9L), kept.readPositions(Rooms.LOBBY));
            assertEquals(Map.of("ann", 2L), kept.readPositions("r-ops"));
            later.flush();
            assertEquals(2, saves.get(), "nothing pending: no empty save");
            later.read("bob", Rooms.LOBBY, 3);
        }
        assertEquals(Map.of("ann", 9L, "bob", 3L), kept.readPositions(Rooms.LOBBY), "closing writes what is pending");
    }
}
