package heartbeatchat.server;

import heartbeatchat.server.transport.SharedFrame;

/**
 * Who receives which frame. {@link LocalFanout} delivers to this process's connections; a server
 * of several nodes puts a broker behind the same calls. Called under the room's lock: frames are
 * only queued, on the {@link Outgoing} or (lobby messages) on every connection, and written after
 * the lock is released.
 */
interface Fanout {
    /**
     * A stored message: a lobby message for every logged-in connection, queued on each (with the
     * lobby messages next to it, as one run, see {@link Outgoing#queueForEveryone}) and written by
     * {@link #flushEveryone()}; another room's for its members' connections that know rooms.
     *
     * @return how many connections it was queued for now (a lobby message counts when its run is
     *         queued: {@link Outgoing#everyoneDeliveries()})
     */
    int message(RoomState room, SharedFrame frame, Outgoing out);

    /** A room's frame (typing, read, members) for its members' connections that know rooms, but not {@code exceptUser}'s. */
    void toRoom(RoomState room, String exceptUser, SharedFrame frame, Outgoing out);

    /** A frame for the user's connections that know rooms (their other tabs follow); returns how many. */
    int toUser(String userId, SharedFrame frame, Outgoing out);

    /** A frame for every logged-in connection but {@code except} (presence). */
    void toEveryone(SharedFrame frame, Member except, Outgoing out);

    /** Writes what {@link #message} queued for the lobby; called after the lock is released. */
    void flushEveryone();
}
