package heartbeatchat.server;

import heartbeatchat.server.metrics.Metrics;
import heartbeatchat.server.store.MessageStore;
import heartbeatchat.server.store.StoreException;
import heartbeatchat.server.transport.SharedFrame;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * Delivers stored messages to this server's connections, each room's strictly in {@code seq} order,
 * through a {@link RoomSequencer}: this server's own commits, other servers' through the broker, and
 * what neither brought (a publish the broker lost, one sent while it was down) read from the store,
 * either when a later message shows the gap or when {@link #catchUp} finds the store ahead. Fills run
 * on a thread of their own, so no lock waits for the store.
 */
final class MessageDelivery {
    private static final Logger log = LoggerFactory.getLogger(MessageDelivery.class);
    /** Messages read from the store per fill; a longer gap takes several. */
    static final int FILL_PAGE = 1_000;

    /** The frames of one delivery, queued under the lock and written by {@link #finish}. */
    final class Batch {
        final Outgoing out = new Outgoing();
        private long deliveries;
        private boolean lobby;
        private final List<ChatMessage> delivered = new ArrayList<>();
    }

    private final Object lock;
    private final RoomDirectory directory;
    private final Fanout fanout;
    private final ServerFrameCodec codec;
    private final MessageStore store;
    private final Metrics metrics;
    private final LongSupplier epochMillis;
    private final RoomSequencer sequencer = new RoomSequencer(this::requestFill);
    private final ExecutorService fills = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gap-fills");
        t.setDaemon(true);
        return t;
    });

    MessageDelivery(Object lock, RoomDirectory directory, Fanout fanout, ServerFrameCodec codec, MessageStore store,
                    Metrics metrics, LongSupplier epochMillis) {
        this.lock = lock;
        this.directory = directory;
        this.fanout = fanout;
        this.codec = codec;
        this.store = store;
        this.metrics = metrics;
        this.epochMillis = epochMillis;
    }

    Batch batch() {
        return new Batch();
    }

    /**
     * Queues the message, and any held ones it makes contiguous, for the connections of its room;
     * holds it when messages before it are missing. Under the lock.
     *
     * @param frame the message frame already written, or null to write it here
     */
    void deliver(ChatMessage m, String frame, Batch b) {
        RoomState room = directory.loaded(m.room());
        if (room == null) {
            return; // nobody here is in it
        }
        for (ChatMessage ready : sequencer.accept(room.id(), room.lastSeq, m)) {
            String text = ready == m && frame != null ? frame : codec.chat(ready);
            directory.stored(ready, text);
            b.deliveries += fanout.message(room, new SharedFrame(text), b.out);
            b.lobby |= room.isLobby();
            b.delivered.add(ready);
        }
    }

    /** Queues what the batch holds back to queue as one run; the last thing under the lock. */
    void seal(Batch b) {
        b.out.endRun();
    }

    /** Writes what the batch queued; after the lock is released. */
    void finish(Batch b) {
        b.out.flush();
        if (b.lobby) {
            fanout.flushEveryone();
        }
        if (!b.delivered.isEmpty()) {
            metrics.delivered(b.deliveries + b.out.everyoneDeliveries());
            long now = epochMillis.getAsLong();
            for (ChatMessage m : b.delivered) {
                metrics.fanOutLag(now - m.time());
            }
        }
    }

    /** The message in a frame another server published for the room, or null (logged) when it is not one. */
    ChatMessage decode(String roomId, String frame) {
        ServerFrame decoded = codec.decode(frame);
        if (!(decoded instanceof ServerFrame.Message message) || !message.message().room().equals(roomId)) {
            log.warn("ignoring a broker message for {} that is not a message of it", LogText.escape(roomId));
            return null;
        }
        return message.message();
    }

    /** Asks the store how far every room here has gone, and fetches what did not come. */
    void catchUp() {
        Map<String, Long> here;
        synchronized (lock) {
            here = directory.lastSeqs();
        }
        Map<String, Long> stored;
        try {
            stored = store.lastSeqs(here.keySet());
        } catch (StoreException e) {
            log.debug("catching up skipped: {}", e.getMessage());
            return;
        }
        synchronized (lock) {
            for (Map.Entry<String, Long> e : stored.entrySet()) {
                RoomState room = directory.loaded(e.getKey());
                if (room != null && e.getValue() > room.lastSeq) {
                    sequencer.behind(room.id(), room.lastSeq);
                }
            }
        }
    }

    /** {@link #catchUp} on the fill thread, for callers that must not wait for the store. */
    void catchUpLater() {
        fills.execute(this::catchUp);
    }

    /** Under the lock (the sequencer's call): the fill itself runs later, on the fill thread. */
    private void requestFill(String roomId, long lastSeq) {
        fills.execute(() -> fill(roomId, lastSeq));
    }

    private void fill(String roomId, long lastSeq) {
        List<ChatMessage> missing;
        try {
            missing = store.after(roomId, lastSeq, FILL_PAGE);
        } catch (StoreException e) {
            log.warn("filling a gap in {} after {} failed: {}", LogText.escape(roomId), lastSeq, e.getMessage());
            synchronized (lock) {
                sequencer.fillFailed(roomId);
            }
            return;
        }
        Batch b = batch();
        long filled = 0;
        synchronized (lock) {
            RoomState room = directory.loaded(roomId);
            for (ChatMessage m : missing) {
                if (room != null && m.seq() > room.lastSeq) {
                    filled++;
                }
                deliver(m, null, b);
            }
            sequencer.fillDone(roomId, room == null ? Long.MAX_VALUE : room.lastSeq);
            if (room != null && missing.size() == FILL_PAGE) {
                sequencer.behind(roomId, room.lastSeq); // a long gap: the next page
            }
            seal(b);
        }
        finish(b);
        if (filled > 0) {
            metrics.gapFilled(filled);
            log.info("filled a gap of {} messages in {} from the store", filled, LogText.escape(roomId));
        }
    }

    void close() {
        fills.shutdownNow();
    }
}
