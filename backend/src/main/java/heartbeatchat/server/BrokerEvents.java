package heartbeatchat.server;

import heartbeatchat.server.cluster.Broker;
import heartbeatchat.server.store.StoreException;
import heartbeatchat.server.transport.SharedFrame;
import heartbeatchat.shared.protocol.ServerFrame;
import heartbeatchat.shared.protocol.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What other servers publish, given to this server's connections: messages through
 * {@link MessageDelivery} (in order, gaps filled), other frames through the local {@link Fanout},
 * and membership changes to the {@link RoomDirectory}, which reads the room again from the store.
 */
final class BrokerEvents implements Broker.Listener {
    private static final Logger log = LoggerFactory.getLogger(BrokerEvents.class);

    /** How a read position's frame starts, as the codec writes it. */
    private static final String READ_FRAME = "{\"" + Wire.TYPE + "\":\"" + Wire.TYPE_READ + "\"";
    private final Object lock;
    private final ServerFrameCodec codec;
    private final RoomDirectory directory;
    private final Presence presence;
    private final Fanout local;
    private final MessageDelivery delivery;

    BrokerEvents(Object lock, RoomDirectory directory, Presence presence, Fanout local, MessageDelivery delivery,
                 ServerFrameCodec codec) {
        this.lock = lock;
        this.codec = codec;
        this.presence = presence;
        this.directory = directory;
        this.local = local;
        this.delivery = delivery;
    }

    @Override
    public void onMessage(String roomId, String messageFrame) {
        delivery.fromBroker(roomId, messageFrame);
    }

    @Override
    public void onRoomFrame(String roomId, String exceptUser, String frame) {
        ServerFrame decoded = frame.startsWith(READ_FRAME) ? codec.decode(frame) : null;
        Outgoing out = new Outgoing();
        synchronized (lock) {
            RoomState room = directory.loaded(roomId);
            if (room != null) {
                if (decoded instanceof ServerFrame.Read read) { // kept too, for the room entries this server writes
                    room.reads.merge(read.userId(), read.seq(), Math::max);
                }
                local.toRoom(room, exceptUser, new SharedFrame(frame), out);
            }
        }
        out.flush();
    }

    @Override
    public void onUserFrame(String userId, String frame) {
        Outgoing out = new Outgoing();
        synchronized (lock) {
            local.toUser(userId, new SharedFrame(frame), out);
        }
        out.flush();
    }

    @Override
    public void onEveryoneFrame(String frame) {
        Outgoing out = new Outgoing();
        synchronized (lock) {
            local.toEveryone(new SharedFrame(frame), null, out);
        }
        out.flush();
    }

    @Override
    public void onRoomChanged(String roomId, String userId) {
        synchronized (lock) {
            try {
                directory.refresh(roomId, userId, userId != null && !presence.connectionIds(userId).isEmpty());
            } catch (StoreException e) {
                log.warn("reading room {} again failed: {}", LogText.escape(roomId), e.getMessage());
            }
        }
    }

    @Override
    public void onReconnected() {
        delivery.catchUpLater(); // what was published while the broker was away is in the store
    }
}
