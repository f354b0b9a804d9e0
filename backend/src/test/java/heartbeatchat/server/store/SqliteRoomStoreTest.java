package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.Rooms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqliteRoomStoreTest extends RoomStoreContract {
    @TempDir
    Path dir;
    private SqliteMessageStore store;

    @BeforeEach
    void open() throws Exception {
        store = SqliteMessageStore.open(dir, 200);
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
    void roomsMembersAndReadPositionsSurviveARestart() throws Exception {
        Room room = rooms().createRoom("Kept", 1_000);
        rooms().join(room.id(), "ann", 1_000);
        Room dm = rooms().directRoom("ann", "bob", 2_000);
        rooms().markRead("ann", Rooms.LOBBY, 12);
        store.close();

        store = SqliteMessageStore.open(dir, 200);
        assertEquals(Optional.of(room), rooms().room(room.id()));
        assertEquals(List.of(room), rooms().publicRooms());
        assertEquals(List.of(room.id(), dm.id()), rooms().roomsOf("ann"));
        assertEquals(dm, rooms().directRoom("bob", "ann", 3_000));
        assertEquals(12, rooms().readPosition("ann", Rooms.LOBBY));
    }
}
