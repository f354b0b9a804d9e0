package heartbeatchat.server;

import heartbeatchat.server.cluster.Broker;
import heartbeatchat.server.store.StoreException;
import heartbeatchat.server.transport.SharedFrame;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.ServerFrame;
import heartbeatchat.shared.protocol.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What other servers publish, given to this server's connections: messages through
 * {@link MessageDelivery} (in order, gaps filled), other frames through the local {@link Fanout},
 * and membership changes to the {@link RoomDirectory}, which reads the room again from the store.
 *
 * <p>The broker's threads only decode and queue. One thread of its own takes everything queued
 * since it last looked and applies it in the order it was published, under the chat's lock, then
 * writes each connection's frames in one go, as the group committer's batches are written: a burst
 * of messages from another server costs each connection one write, not one per message, and the
 * broker's threads never wait for a socket or the store.
 */
final class BrokerEvents implements Broker.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerEvents.class);
    /** How a read position's frame starts, as the codec writes it. */
    private static final String READ_FRAME = "{\"" + Wire.TYPE + "\":\"" + Wire.TYPE_READ + "\"";
    /** Most events applied under one hold of the lock. */
    private static final int MAX_CHUNK = 10_000;

    /** One thing another server published, applied under the lock; frames go into the batch. */
    private interface Event {
        void apply(MessageDelivery.Batch b) throws StoreException;
    }

    private final Object lock;
    private final ServerFrameCodec codec;
    private final RoomDirectory directory;
    private final Presence presence;
    private final Fanout local;
    private final MessageDelivery delivery;
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Thread applier;
    private volatile boolean closed;

    BrokerEvents(Object lock, RoomDirectory directory, Presence presence, Fanout local, MessageDelivery delivery,
                 ServerFrameCodec codec) {
        this.lock = lock;
        this.codec = codec;
        this.presence = presence;
        this.directory = directory;
        this.local = local;
        this.delivery = delivery;
        this.applier = new Thread(this::run, "broker-events");
        applier.setDaemon(true);
        applier.start();
    }

    private void run() {
        List<Event> chunk = new ArrayList<>();
        while (!closed) {
            try {
                Event first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                chunk.add(first);
                queue.drainTo(chunk, MAX_CHUNK - 1);
                MessageDelivery.Batch b = delivery.batch();
                synchronized (lock) {
                    for (Event e : chunk) {
                        try {
                            e.apply(b);
                        } catch (StoreException | RuntimeException failure) {
                            log.warn("applying an event from another server failed: {}", failure.toString());
                        }
                    }
                    delivery.seal(b);
                }
                delivery.finish(b);
            } catch (InterruptedException e) {
                return;
            } finally {
                chunk.clear();
            }
        }
    }

    @Override
    public void onMessage(String roomId, String messageFrame) {
        ChatMessage m = delivery.decode(roomId, messageFrame);
        if (m != null) {
            queue.add(b -> delivery.deliver(m, messageFrame, b));
        }
    }

    @Override
    public void onRoomFrame(String roomId, String exceptUser, String frame) {
        ServerFrame decoded = frame.startsWith(READ_FRAME) ? codec.decode(frame) : null;
        SharedFrame shared = new SharedFrame(frame);
        queue.add(b -> {
            RoomState room = directory.loaded(roomId);
            if (room != null) {
                if (decoded instanceof ServerFrame.Read read) { // kept too, for the room entries this server writes
                    room.reads.merge(read.userId(), read.seq(), Math::max);
                }
                local.toRoom(room, exceptUser, shared, b.out);
            }
        });
    }

    @Override
    public void onUserFrame(String userId, String frame) {
        SharedFrame shared = new SharedFrame(frame);
        queue.add(b -> local.toUser(userId, shared, b.out));
    }

    @Override
    public void onEveryoneFrame(String frame) {
        SharedFrame shared = new SharedFrame(frame);
        queue.add(b -> local.toEveryone(shared, null, b.out));
    }

    @Override
    public void onRoomChanged(String roomId, String userId) {
        queue.add(b -> directory.refresh(roomId, userId, userId != null && !presence.connectionIds(userId).isEmpty()));
    }

    @Override
    public void onReconnected() {
        delivery.catchUpLater(); // what was published while the broker was away is in the store
    }

    @Override
    public void close() {
        closed = true;
        applier.interrupt();
    }
}
