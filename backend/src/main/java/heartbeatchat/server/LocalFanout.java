package heartbeatchat.server;

import heartbeatchat.server.transport.FrameRun;
import heartbeatchat.server.transport.SharedFrame;

/** The {@link Fanout} of one process: its own connections, found through the sessions and who is online. */
final class LocalFanout implements Fanout {
    private final Sessions sessions;
    private final Presence presence;

    LocalFanout(Sessions sessions, Presence presence) {
        this.sessions = sessions;
        this.presence = presence;
    }

    @Override
    public int message(RoomState room, SharedFrame frame, Outgoing out) {
        if (room.isLobby()) {
            // everyone: queued with the lobby's next messages as one run, and counted then;
            // no set of whom to flush, flushEveryone writes
            out.queueForEveryone(frame, this::toEveryLoggedIn);
            return 0;
        }
        return toMembers(room, null, frame, out);
    }

    private int toEveryLoggedIn(FrameRun run) {
        int queued = 0;
        for (Member m : sessions.all()) {
            if (m.user != null) {
                m.connection.queue(run);
                queued++;
            }
        }
        return queued;
    }

    @Override
    public void toRoom(RoomState room, String exceptUser, SharedFrame frame, Outgoing out) {
        if (room.isLobby()) {
            for (Member m : sessions.all()) {
                if (m.knowsRooms && m.user != null && !m.user.userId().equals(exceptUser)) {
                    out.queue(m.connection, frame);
                }
            }
            return;
        }
        toMembers(room, exceptUser, frame, out);
    }

    private int toMembers(RoomState room, String exceptUser, SharedFrame frame, Outgoing out) {
        int queued = 0;
        for (String userId : room.members) {
            if (!userId.equals(exceptUser)) {
                queued += toUser(userId, frame, out);
            }
        }
        return queued;
    }

    @Override
    public int toUser(String userId, SharedFrame frame, Outgoing out) {
        int queued = 0;
        for (String id : presence.connectionIds(userId)) {
            Member m = sessions.get(id);
            if (m != null && m.knowsRooms) {
                out.queue(m.connection, frame);
                queued++;
            }
        }
        return queued;
    }

    @Override
    public void toEveryone(SharedFrame frame, Member except, Outgoing out) {
        for (Member m : sessions.all()) {
            if (m != except && m.user != null) {
                out.queue(m.connection, frame);
            }
        }
    }

    @Override
    public void flushEveryone() {
        for (Member m : sessions.all()) {
            m.connection.flush();
        }
    }
}
