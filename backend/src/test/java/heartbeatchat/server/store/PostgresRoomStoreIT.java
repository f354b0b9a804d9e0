package heartbeatchat.server.store;

import heartbeatchat.server.engines.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The room store contract on a real PostgreSQL, and two servers opening one conversation at once. */
class PostgresRoomStoreIT extends RoomStoreContract {
    private String url;
    private PostgresMessageStore store;

    @BeforeEach
    void open() throws Exception {
        url = PostgresServer.shared().newDatabase();
        store = PostgresMessageStore.open(url, 4);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected RoomStore rooms() {
        return store.rooms();
    }

    @Test
    void twoServersOpeningOneDirectConversationGetTheSameRoom() throws Exception {
        try (PostgresMessageStore other = PostgresMessageStore.open(url, 4)) {
            Room fromA = rooms().directRoom("ann", "bob", 1_000);
            Room fromB = other.rooms().directRoom("bob", "ann", 2_000);
            assertEquals(fromA, fromB);
            assertEquals(List.of("ann", "bob"), other.rooms().members(fromA.id()));
            other.rooms().markRead("ann", fromA.id(), 9);
            rooms().markRead("ann", fromA.id(), 4);
            assertEquals(9, rooms().readPosition("ann", fromA.id()), "a read position only moves forward, whoever writes it");
            assertFalse(other.rooms().join(fromA.id(), "bob", 3_000), "bob is a member already");
        }
    }
}
