package heartbeatchat.server.store;

class InMemoryRoomStoreTest extends RoomStoreContract {
    private final InMemoryRoomStore rooms = new InMemoryRoomStore();

    @Override
    protected RoomStore rooms() {
        return rooms;
    }
}
