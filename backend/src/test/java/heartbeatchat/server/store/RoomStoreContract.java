package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.shared.protocol.UserInfo;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link RoomStore} does; each implementation's test extends this. */
abstract class RoomStoreContract {
    protected abstract RoomStore rooms();

    @Test
    void theLobbyIsThereFromTheStartAndIsNotListedWithTheOthers() throws Exception {
        assertEquals(Optional.of(new Room(Rooms.LOBBY, Rooms.LOBBY_NAME, false, 0)), rooms().room(Rooms.LOBBY));
        assertEquals(List.of(), rooms().publicRooms());
        assertEquals(Optional.empty(), rooms().room("r-no-such-room"));
    }

    @Test
    void createdRoomsGetRandomIdsAndAreListedOldestFirst() throws Exception {
        Room a = rooms().createRoom("Design", 1_000);
        Room b = rooms().createRoom("Design", 2_000); // names need not be unique; ids are
        assertNotEquals(a.id(), b.id());
        assertTrue(a.id().startsWith("r") && a.id().length() == 17, a.id());
        assertEquals(List.of(a, b), rooms().publicRooms());
        assertEquals(Optional.of(a), rooms().room(a.id()));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            assertTrue(ids.add(rooms().createRoom("r" + i, 3_000).id()));
        }
    }

    @Test
    void aDirectConversationIsTheSameWhicheverOfTheTwoOpensItAndHasOnlyThem() throws Exception {
        Room ab = rooms().directRoom("ann", "bob", 1_000);
        assertEquals(ab, rooms().directRoom("bob", "ann", 2_000));
        assertTrue(ab.direct() && ab.id().startsWith("d"), ab.toString());
        assertEquals(List.of("ann", "bob"), rooms().members(ab.id()));
        Room ac = rooms().directRoom("ann", "cid", 3_000);
        assertNotEquals(ab.id(), ac.id());
        assertEquals(List.of(ab.id(), ac.id()), rooms().roomsOf("ann"));
        assertEquals(List.of(ab.id()), rooms().roomsOf("bob"));
        assertEquals(List.of(), rooms().roomsOf("dan"));
        assertEquals(List.of(), rooms().publicRooms(), "conversations are never listed");
    }

    @Test
    void membersJoinAndLeaveOnceEach() throws Exception {
        Room room = rooms().createRoom("Ops", 1_000);
        assertTrue(rooms().join(room.id(), "ann", 1_000));
        assertTrue(rooms().join(room.id(), "bob", 2_000));
        assertFalse(rooms().join(room.id(), "ann", 3_000), "already a member");
        assertEquals(List.of("ann", "bob"), rooms().members(room.id()));
        assertTrue(rooms().leave(room.id(), "ann"));
        assertFalse(rooms().leave(room.id(), "ann"));
        assertEquals(List.of("bob"), rooms().members(room.id()));
        assertEquals(List.of(), rooms().roomsOf("ann"));
        assertEquals(List.of(room.id()), rooms().roomsOf("bob"));
    }

    @Test
    void aReadPositionOnlyMovesForward() throws Exception {
        assertEquals(0, rooms().readPosition("ann", Rooms.LOBBY));
        rooms().markRead("ann", Rooms.LOBBY, 7);
        rooms().markRead("ann", Rooms.LOBBY, 5); // a late report from another tab
        assertEquals(7, rooms().readPosition("ann", Rooms.LOBBY));
        rooms().markRead("ann", Rooms.LOBBY, 9);
        assertEquals(9, rooms().readPosition("ann", Rooms.LOBBY));
        assertEquals(0, rooms().readPosition("bob", Rooms.LOBBY), "per user");
        assertEquals(0, rooms().readPosition("ann", "r-other"), "per room");
    }

    @Test
    void savedUsersAndReadsAreKeptInOneCall() throws Exception {
        assertEquals(Optional.empty(), rooms().user("ann"));
        rooms().markRead("bob", Rooms.LOBBY, 12);
        rooms().save(List.of(new UserInfo("ann", "Ann", "🦊"), new UserInfo("bob", "Bob", "🐼")),
                List.of(new RoomStore.ReadPosition("ann", Rooms.LOBBY, 4), new RoomStore.ReadPosition("bob", Rooms.LOBBY, 3)),
                1_000);
        assertEquals(Optional.of(new UserInfo("ann", "Ann", "🦊")), rooms().user("ann"));
        assertEquals(Map.of("ann", 4L, "bob", 12L), rooms().readPositions(Rooms.LOBBY), "a saved read never moves back");
        rooms().save(List.of(new UserInfo("ann", "Ann B", "🐙")), List.of(), 2_000);
        assertEquals(Optional.of(new UserInfo("ann", "Ann B", "🐙")), rooms().user("ann"), "the latest login's name");
        assertEquals(Map.of(), rooms().readPositions("r-other"));
    }
}
