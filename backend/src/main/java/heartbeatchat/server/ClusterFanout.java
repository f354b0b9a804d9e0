package heartbeatchat.server;

import heartbeatchat.server.cluster.Broker;
import heartbeatchat.server.transport.SharedFrame;

/**
 * The {@link Fanout} of a server in a cluster: every frame goes to this server's own connections as
 * on a single server, and, through the {@link Broker}, to the other servers, which give it to theirs.
 * Messages are the exception: they are published once committed, by the chat, and each server
 * delivers them in order itself ({@link MessageDelivery}).
 */
final class ClusterFanout implements Fanout {
    private final Fanout local;
    private final Broker broker;

    ClusterFanout(Fanout local, Broker broker) {
        this.local = local;
        this.broker = broker;
    }

    @Override
    public int message(RoomState room, SharedFrame frame, Outgoing out) {
        return local.message(room, frame, out);
    }

    @Override
    public void toRoom(RoomState room, String exceptUser, SharedFrame frame, Outgoing out) {
        local.toRoom(room, exceptUser, frame, out);
        broker.publishToRoom(room.id(), exceptUser, frame.text());
    }

    @Override
    public int toUser(String userId, SharedFrame frame, Outgoing out) {
        broker.publishToUser(userId, frame.text());
        return local.toUser(userId, frame, out);
    }

    @Override
    public void toEveryone(SharedFrame frame, Member except, Outgoing out) {
        local.toEveryone(frame, except, out);
        broker.publishToEveryone(frame.text());
    }

    @Override
    public void flushEveryone() {
        local.flushEveryone();
    }
}
