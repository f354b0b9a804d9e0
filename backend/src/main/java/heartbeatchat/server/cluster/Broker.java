package heartbeatchat.server.cluster;

import java.util.Map;

/**
 * What moves between the servers of a cluster: stored messages, the frames other servers' clients
 * must see (typing, read positions, member counts, a user's other tabs, presence) and notices that a
 * room's membership changed. A broker only carries text; what it means is the chat's. Publishing never
 * blocks and never fails loudly: a publish that is lost is made good by the receiving servers (a gap in
 * a room's sequence is filled from the store). {@link #NONE} is the single server's: nothing to carry.
 */
public interface Broker extends AutoCloseable {
    /** Begins delivering what other servers publish to the listener, on the broker's own threads. */
    void start(Listener listener);

    /** This server holds the room: deliver its messages from now on. */
    void follow(String roomId);

    /** A message frame, after its commit, for the servers following its room. */
    void publishMessage(String roomId, String messageFrame);

    /** A frame for the room's members (but {@code exceptUser}'s connections, when not null) on the other servers. */
    void publishToRoom(String roomId, String exceptUser, String frame);

    /** A frame for the user's connections on the other servers. */
    void publishToUser(String userId, String frame);

    /** A frame for every logged-in connection on the other servers. */
    void publishToEveryone(String frame);

    /** The user joined or left the room, or it was made: the other servers read its members again. */
    void publishRoomChanged(String roomId, String userId);

    /**
     * Keeps this server's online users (user id → the chat's entry for them) where the other servers
     * read them, replacing what it kept before, for {@link #PRESENCE_TTL_SECONDS}: a server that dies
     * stops renewing it, and its users are gone from every list that long after. Blocks; may throw
     * when the broker is down.
     */
    void keepPresence(Map<String, String> users);

    /** What every other live server keeps ({@link #keepPresence}), by server. Blocks; may throw when the broker is down. */
    Map<String, Map<String, String>> presenceOfOthers();

    /** This server is stopping: its users leave the others' lists now rather than when they expire. */
    void forgetPresence();

    /** How long a server's presence is kept without being renewed. */
    long PRESENCE_TTL_SECONDS = 12;

    /** Why the broker cannot carry anything now (for {@code /ready}), or null when it can. */
    String problem();

    @Override
    void close();

    /** What the broker delivers; called on the broker's threads, never for this server's own publishes. */
    interface Listener {
        void onMessage(String roomId, String messageFrame);

        void onRoomFrame(String roomId, String exceptUser, String frame);

        void onUserFrame(String userId, String frame);

        void onEveryoneFrame(String frame);

        void onRoomChanged(String roomId, String userId);

        /** The connection to the other servers was lost and is back: what was published meanwhile is lost. */
        void onReconnected();
    }

    Broker NONE = new Broker() {
        @Override
        public void start(Listener listener) {
        }

        @Override
        public void follow(String roomId) {
        }

        @Override
        public void publishMessage(String roomId, String messageFrame) {
        }

        @Override
        public void publishToRoom(String roomId, String exceptUser, String frame) {
        }

        @Override
        public void publishToUser(String userId, String frame) {
        }

        @Override
        public void publishToEveryone(String frame) {
        }

        @Override
        public void publishRoomChanged(String roomId, String userId) {
        }

        @Override
        public void keepPresence(Map<String, String> users) {
        }

        @Override
        public Map<String, Map<String, String>> presenceOfOthers() {
            return Map.of();
        }

        @Override
        public void forgetPresence() {
        }

        @Override
        public String problem() {
            return null;
        }

        @Override
        public void close() {
        }
    };
}
