package heartbeatchat.server;

import heartbeatchat.shared.protocol.ChatMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Puts each room's messages in {@code seq} order before they are delivered, whatever order they come
 * in: from this server's own commits, from other servers through the broker (which may lose one), or
 * from the store. A message just after the room's last delivered one goes out at once, with any held
 * ones it makes contiguous; a later one is held and the gap before it is asked of the {@link Filler};
 * one at or below the last is a repeat and dropped. On a single server messages always come in order
 * and nothing is ever held. Not thread-safe: the chat calls it under its lock.
 */
final class RoomSequencer {
    /** Most messages held per room while a gap is filled; beyond it they are dropped and read from the store later. */
    static final int MAX_HELD = 10_000;

    /** Fetches the room's messages after {@code lastSeq} from the store, later, and gives them to {@link #accept}. */
    interface Filler {
        void fill(String roomId, long lastSeq);
    }

    private final Filler filler;
    private final Map<String, TreeMap<Long, ChatMessage>> held = new HashMap<>();
    private final Set<String> filling = new HashSet<>();

    RoomSequencer(Filler filler) {
        this.filler = filler;
    }

    /**
     * The messages to deliver now, in order, given the room's last delivered seq; the caller delivers
     * them all (so the room's last delivered seq becomes the last one's).
     */
    List<ChatMessage> accept(String roomId, long lastSeq, ChatMessage m) {
        if (m.seq() <= lastSeq) {
            return List.of(); // delivered already
        }
        TreeMap<Long, ChatMessage> waiting = held.get(roomId);
        if (m.seq() > lastSeq + 1) {
            if (waiting == null) {
                waiting = new TreeMap<>();
                held.put(roomId, waiting);
            }
            if (waiting.size() < MAX_HELD) {
                waiting.put(m.seq(), m);
            }
            behind(roomId, lastSeq);
            return List.of();
        }
        List<ChatMessage> ready = new ArrayList<>();
        ready.add(m);
        if (waiting != null) {
            long next = m.seq() + 1;
            waiting.headMap(next, false).clear(); // repeats of what goes out now
            ChatMessage following;
            while ((following = waiting.remove(next)) != null) {
                ready.add(following);
                next++;
            }
            if (waiting.isEmpty()) {
                held.remove(roomId);
            }
        }
        return ready;
    }

    /** The room is known to have messages after {@code lastSeq} that did not come: fetch them, unless that is under way. */
    void behind(String roomId, long lastSeq) {
        if (filling.add(roomId)) {
            filler.fill(roomId, lastSeq);
        }
    }

    /**
     * A fill of the room is over (what it fetched was accepted); when a gap remains before a held
     * message, the next fill starts.
     */
    void fillDone(String roomId, long lastSeq) {
        filling.remove(roomId);
        TreeMap<Long, ChatMessage> waiting = held.get(roomId);
        if (waiting != null) {
            waiting.headMap(lastSeq, true).clear();
            if (waiting.isEmpty()) {
                held.remove(roomId);
            } else {
                behind(roomId, lastSeq);
            }
        }
    }

    /** A fill failed (the store did not answer): the next message or catch-up asks again. */
    void fillFailed(String roomId) {
        filling.remove(roomId);
    }

    /** How many messages are held for the room, waiting for a gap to be filled. */
    int held(String roomId) {
        TreeMap<Long, ChatMessage> waiting = held.get(roomId);
        return waiting == null ? 0 : waiting.size();
    }
}
