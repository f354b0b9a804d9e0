package heartbeatchat.server;

import heartbeatchat.server.cluster.Broker;
import heartbeatchat.server.metrics.Metrics;
import heartbeatchat.server.store.GroupCommitter;
import heartbeatchat.server.store.MessageStore;
import heartbeatchat.server.store.NewMessage;
import heartbeatchat.server.store.StoreException;
import heartbeatchat.server.store.Stored;
import heartbeatchat.server.transport.Connection;
import heartbeatchat.server.transport.ConnectionEvents;
import heartbeatchat.server.transport.SharedFrame;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.ClientFrame;
import heartbeatchat.shared.protocol.CloseCode;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.Limits;
import heartbeatchat.shared.protocol.LoginRequest;
import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.shared.protocol.ServerFrame;
import heartbeatchat.shared.protocol.UserInfo;
import heartbeatchat.shared.protocol.Wire;
import heartbeatchat.shared.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * The chat: frames in, logins and resume, heartbeats, storing then broadcasting. The connections
 * and their limits and reaping are kept by {@link Sessions}, who is online by {@link Presence},
 * rooms and their members by {@link RoomDirectory}, who receives what by the {@link Fanout}, and
 * the room frames of clients that know rooms are answered by {@link RoomRequests}.
 * Knows nothing of Javalin or Jetty; the WebSocket handlers only forward events here, and tests
 * drive it directly.
 *
 * <p>Heartbeats touch only the connection's own record. A message is broadcast only after the
 * {@link GroupCommitter} has stored it; membership changes, login replies and broadcasts run under
 * one lock, so every connection receives frames in {@code seq} order and a resuming login gets
 * exactly what it missed: the messages broadcast before it joined come in its reply, the later ones
 * as broadcasts. Under the lock frames are only queued on their connections, in that order; they
 * are written after the lock is released, with non-blocking gathering writes ({@code SocketWriter}),
 * and what a socket does not take is left to Jetty to finish when it drains. Room changes (create,
 * join, leave, open) read and write the room store under the lock: they are rare, and messages never
 * wait for them, since messages are stored by the group committer outside the lock.
 */
public final class ChatRoom implements ConnectionEvents, GroupCommitter.Sink<ChatRoom.Submission>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatRoom.class);
    /** The reply to every heartbeat, encoded once. */
    private static final SharedFrame PONG = new SharedFrame(Wire.PONG_FRAME);
    /** How often users and read positions are written to the store. */
    private static final long LATER_WRITES_EVERY_MILLIS = 1_000;

    /** Who sent a message that is waiting for the store. */
    record Submission(Member sender, String clientMsgId) {
    }

    private final Clock clock;
    private final LongSupplier epochMillis;
    private final RoomSettings settings;
    private final UserIds userIds;
    private final ClientFrameCodec reader;
    private final ServerFrameCodec writer;
    private final String epoch;
    private final GroupCommitter<Submission> committer;

    /** Every open connection, who may connect, and which are dead. */
    private final Sessions sessions;
    private final MessageStore store;
    /** Reads pages of older history, so no socket thread ever waits for the store. */
    private final ExecutorService historyReads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "history-reads");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closing;

    private final Object lock = new Object();
    /** Who is online; guarded by {@link #lock}. */
    private final Presence presence;
    /** Who receives which frame; guarded by {@link #lock}. */
    private final Fanout fanout;
    /**
     * This server's connections only: presence is announced by each server to its own, from what it
     * learns of the others in {@link #syncPresence}.
     */
    private final Fanout localFanout;
    /** Rooms, their members and latest messages; guarded by {@link #lock}. */
    private final RoomDirectory directory;
    /** Answers room frames; guarded by {@link #lock}. */
    private final RoomRequests rooms;
    private final LaterWrites later;
    private final Metrics metrics;
    /** Carries what the other servers of a cluster must see; {@link Broker#NONE} on a single server. */
    private final Broker broker;
    /** Delivers stored messages in each room's seq order; guarded by {@link #lock} where it says so. */
    private final MessageDelivery delivery;
    /** Applies what the other servers publish, in order, on a thread of its own; null on a single server. */
    private final BrokerEvents brokerEvents;

    public ChatRoom(Clock clock, LongSupplier epochMillis, JsonCodec codec, MessageStore store, RoomSettings settings)
            throws StoreException {
        this(clock, epochMillis, codec, store, settings, RoomLimits.DEFAULTS);
    }

    public ChatRoom(Clock clock, LongSupplier epochMillis, JsonCodec codec, MessageStore store, RoomSettings settings,
                    RoomLimits limits) throws StoreException {
        this(clock, epochMillis, codec, store, settings, limits, Metrics.NONE);
    }

    public ChatRoom(Clock clock, LongSupplier epochMillis, JsonCodec codec, MessageStore store, RoomSettings settings,
                    RoomLimits limits, Metrics metrics) throws StoreException {
        this(clock, epochMillis, codec, store, settings, limits, metrics, Broker.NONE);
    }

    /** @param broker what connects this server to the others of a cluster; {@link Broker#NONE} for a single server */
    public ChatRoom(Clock clock, LongSupplier epochMillis, JsonCodec codec, MessageStore store, RoomSettings settings,
                    RoomLimits limits, Metrics metrics, Broker broker) throws StoreException {
        this.clock = clock;
        this.metrics = metrics;
        this.broker = broker;
        this.store = store;
        this.epochMillis = epochMillis;
        this.settings = settings;
        this.userIds = new UserIds(store.serverSecret());
        this.reader = codec.reader();
        this.writer = codec.writer();
        this.epoch = store.epoch();
        this.directory = new RoomDirectory(store, writer, limits, settings.historySize(), settings.resumeLimit(),
                new RoomDirectory.Watcher() {
                    @Override
                    public void loaded(String roomId) {
                        broker.follow(roomId);
                    }

                    @Override
                    public void changed(String roomId, String userId) {
                        broker.publishRoomChanged(roomId, userId);
                    }
                });
        this.committer = new GroupCommitter<>(store, this, RoomSettings.MAX_BATCH, metrics);
        this.presence = new Presence(settings.presenceLimit(), settings.maxConnectionsPerUser(), writer);
        this.sessions = new Sessions(clock, settings);
        Fanout local = new LocalFanout(sessions, presence);
        this.localFanout = local;
        this.fanout = broker == Broker.NONE ? local : new ClusterFanout(local, broker);
        this.delivery = new MessageDelivery(lock, directory, local, writer, store, metrics, epochMillis);
        this.later = new LaterWrites(store.rooms(), epochMillis, LATER_WRITES_EVERY_MILLIS);
        this.rooms = new RoomRequests(fanout, presence, directory, store, writer, later, limits, settings, epochMillis);
        metrics.connections(this::connectionCount);
        // a single server has no other servers to hear from, and no thread waiting for them
        this.brokerEvents = broker == Broker.NONE ? null : new BrokerEvents(lock, directory, presence, local, delivery, writer);
        if (brokerEvents != null) {
            broker.start(brokerEvents);
        }
    }

    @Override
    public void onConnect(Connection connection, Object remote, String address) {
        if (closing) {
            connection.close(CloseCode.SERVICE_RESTART.code(), "server restarting");
            return;
        }
        sessions.admit(connection, remote, address);
    }

    @Override
    public void onText(String connectionId, String text) {
        Member member = sessions.get(connectionId);
        if (member == null) {
            return; // already reaped or refused; its close is under way
        }
        long now = clock.nowMillis();
        member.lastReceivedAt = now;
        if (Wire.PING_FRAME.equals(text) && member.tryTakeToken()) {
            member.connection.send(PONG); // the heartbeat, answered without parsing or locking
            return;
        }
        ClientFrame frame = reader.decode(text);
        if (!member.tryTakeToken()) {
            metrics.rateLimited();
            if (member.refusedTooOften(now)) {
                drop(member, CloseCode.RATE_LIMIT_ABUSE, "kept sending over the rate limit");
            } else {
                String id = frame instanceof ClientFrame.Chat chat ? chat.clientMsgId() : null;
                sendError(member, ErrorCode.RATE_LIMITED, "too many frames; at most " + settings.rateBurst()
                        + " at once and " + settings.ratePerSecond() + " per second", id);
            }
            return;
        }
        if (frame instanceof ClientFrame.Check) {
            member.connection.send(PONG);
        } else if (frame instanceof ClientFrame.Login login) {
            login(member, login.request());
        } else if (frame instanceof ClientFrame.Chat chat) {
            chat(member, chat.room(), chat.data(), chat.clientMsgId());
        } else if (frame instanceof ClientFrame.History history) {
            history(member, history);
        } else if (frame instanceof ClientFrame.ListRooms || frame instanceof ClientFrame.CreateRoom
                || frame instanceof ClientFrame.JoinRoom || frame instanceof ClientFrame.LeaveRoom
                || frame instanceof ClientFrame.OpenDirect || frame instanceof ClientFrame.Typing
                || frame instanceof ClientFrame.Read) {
            roomRequest(member, frame);
        } else if (frame instanceof ClientFrame.Invalid invalid) {
            sendError(member, invalid.code(), invalid.message(), invalid.clientMsgId());
        }
    }

    /** A pong answered the sweep's protocol ping: the client is alive, though it may send nothing else. */
    @Override
    public void onPong(String connectionId) {
        Member member = sessions.get(connectionId);
        if (member != null) {
            long now = clock.nowMillis();
            long pinged = member.pingedAt;
            if (pinged != Long.MIN_VALUE && pinged >= member.lastReceivedAt) { // the answer to the last ping
                metrics.heartbeatRoundTrip(now - pinged);
            }
            member.lastReceivedAt = now;
        }
    }

    @Override
    public void onClose(String connectionId, int code, String reason) {
        Member member = sessions.get(connectionId);
        if (code == CloseCode.SLOW_CONSUMER.code()) {
            metrics.slowConsumerCut(); // the transport cut it off for the bytes it would not take
        }
        if (member != null) {
            remove(member, code, reason);
        }
    }

    /**
     * Closes the dead connections that {@link Sessions#sweep()} finds (and lets it ping the silent
     * ones); returns how many were closed.
     */
    public int sweep() {
        List<Sessions.Reap> reaps = sessions.sweep();
        for (Sessions.Reap r : reaps) {
            drop(r.member(), r.code(), r.reason());
        }
        return reaps.size();
    }

    /** Who is online now. */
    public List<UserInfo> onlineUsers() {
        synchronized (lock) {
            return presence.users();
        }
    }

    public int connectionCount() {
        return sessions.size();
    }

    private void login(Member member, LoginRequest request) {
        String userId = userIds.userIdFor(request.openid());
        UserInfo info = new UserInfo(userId, request.userName(), request.userAvatar());
        Outgoing out = new Outgoing();
        CloseCode closeWith = null;
        String closeReason = null;
        try {
            synchronized (lock) {
                if (!sessions.isCurrent(member)) {
                    return; // reaped while this frame was on its way
                }
                if (member.user != null) {
                    queueError(out, member, ErrorCode.ALREADY_LOGGED_IN, "this connection is already logged in");
                    return;
                }
                boolean sameEpoch = request.epoch() == null || request.epoch().equals(epoch);
                String roomsJson;
                try {
                    roomsJson = request.knowsRooms() ? rooms.loginRooms(info, request, sameEpoch) : null;
                } catch (StoreException e) {
                    log.warn("login {}: rooms cannot be read: {}", member.id(), e.toString());
                    queueError(out, member, ErrorCode.STORE_UNAVAILABLE, "your rooms cannot be read now; connect again shortly");
                    closeWith = CloseCode.SERVICE_RESTART;
                    closeReason = "rooms cannot be read";
                    return;
                }
                Presence.Arrival arrival = presence.arrive(info, member.id());
                if (arrival.refused()) {
                    queueError(out, member, ErrorCode.TOO_MANY_CONNECTIONS, "you already have "
                            + settings.maxConnectionsPerUser() + " connections open; close one first");
                    closeWith = CloseCode.TOO_MANY_CONNECTIONS;
                    closeReason = "too many connections";
                    return;
                }
                member.user = info;
                member.knowsRooms = request.knowsRooms();

                RoomState lobby = directory.lobby();
                long lastSeq = request.lastSeq() >= 0 || !request.knowsRooms()
                        ? request.lastSeq() : request.rooms().getOrDefault(Rooms.LOBBY, -1L);
                boolean resume = lastSeq >= 0 && sameEpoch;
                boolean gap = resume && lobby.lastSeq - lastSeq > settings.resumeLimit();
                byte[] history = resume && !gap ? lobby.recentHeld().after(lastSeq) : lobby.recentHeld().latestPage();
                out.queue(member.connection, writer.loginReply(userId, epoch, presence.usersUtf8(), presence.count(),
                        roomsJson, history, gap));
                metrics.loggedIn();
                if (arrival.announce()) {
                    localFanout.toEveryone(new SharedFrame(writer.presence(Wire.TYPE_JOIN, info, epochMillis.getAsLong())), member, out);
                }
            }
        } finally {
            out.flush();
            if (closeWith != null) {
                drop(member, closeWith, closeReason);
            }
        }
        log.info("login {} from {} as {} ({}){}", member.id(), member.remote, userId, LogText.escape(request.userName()),
                request.lastSeq() >= 0 ? " resuming after " + request.lastSeq() : "");
    }

    /**
     * A room frame: answered under the lock, written after it. A connection that sends one knows
     * rooms from then on.
     */
    private void roomRequest(Member member, ClientFrame frame) {
        if (member.user == null) {
            sendError(member, ErrorCode.NOT_LOGGED_IN, "log in first", null);
            return;
        }
        member.knowsRooms = true;
        Outgoing out = new Outgoing();
        try {
            synchronized (lock) {
                if (sessions.isCurrent(member)) {
                    rooms.handle(member, frame, out);
                }
            }
        } catch (RoomRefusal refusal) {
            sendError(member, refusal.code, refusal.getMessage(), null);
        } catch (StoreException e) {
            log.warn("{} from {} failed: {}", frame.getClass().getSimpleName(), member.id(), e.toString());
            sendError(member, ErrorCode.STORE_UNAVAILABLE, "rooms cannot be changed now; try again shortly", null);
        } finally {
            out.flush();
        }
    }

    /**
     * Sends the page of messages before a seq. Stored messages never change, so the page is read
     * from the store on its own thread, never on the socket's, and sent from there.
     */
    private void history(Member member, ClientFrame.History request) {
        if (member.user == null) {
            sendError(member, ErrorCode.NOT_LOGGED_IN, "log in before asking for history", null);
            return;
        }
        if (!Rooms.LOBBY.equals(request.room()) && visibleRoom(member, request.room(), null) == null) {
            return;
        }
        try {
            historyReads.execute(() -> {
                try {
                    List<ChatMessage> page = store.before(request.room(), request.before(), Limits.HISTORY_PAGE);
                    boolean complete = page.isEmpty() || page.get(0).seq() == 1;
                    member.connection.send(writer.historyPage(request.room(), request.before(), page, complete));
                } catch (StoreException e) {
                    sendError(member, ErrorCode.STORE_UNAVAILABLE, "older messages cannot be read now; ask again later", null);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            sendError(member, ErrorCode.STORE_UNAVAILABLE, "the server is restarting; ask again shortly", null);
        }
    }

    /**
     * The room when the member's user is in it; else the member is sent {@code no_such_room} (the
     * same for a room that does not exist) and null is returned. The connection knows rooms from now on.
     */
    private RoomState visibleRoom(Member member, String roomId, String clientMsgId) {
        member.knowsRooms = true;
        try {
            synchronized (lock) {
                return directory.visible(roomId, member.user.userId());
            }
        } catch (RoomRefusal refusal) {
            sendError(member, refusal.code, refusal.getMessage(), clientMsgId);
        } catch (StoreException e) {
            sendError(member, ErrorCode.STORE_UNAVAILABLE, "the room cannot be read now; try again shortly", clientMsgId);
        }
        return null;
    }

    private void chat(Member member, String roomId, String data, String clientMsgId) {
        UserInfo user = member.user;
        if (user == null) {
            sendError(member, ErrorCode.NOT_LOGGED_IN, "log in before sending messages", clientMsgId);
            return;
        }
        if (!Rooms.LOBBY.equals(roomId) && visibleRoom(member, roomId, clientMsgId) == null) {
            return;
        }
        NewMessage m = new NewMessage(roomId, epochMillis.getAsLong(), user.userId(), user.userName(), user.userAvatar(),
                data, clientMsgId);
        if (closing || !committer.submit(m, new Submission(member, clientMsgId))) {
            sendError(member, ErrorCode.STORE_UNAVAILABLE, "the server is restarting; send it again shortly", clientMsgId);
        }
    }

    /**
     * The store kept a batch: queue the new messages in order, each serialized once, for the
     * connections of their rooms; answer retries to their sender only. The writes happen after the
     * lock is released, every connection's whole batch in one write.
     */
    @Override
    public void stored(List<Stored> results, List<Submission> origins) {
        MessageDelivery.Batch b = delivery.batch();
        List<ChatMessage> fresh = new ArrayList<>(results.size());
        List<String> frames = new ArrayList<>(results.size());
        synchronized (lock) {
            for (int i = 0; i < results.size(); i++) {
                Stored s = results.get(i);
                ChatMessage message = s.message();
                String frame = writer.chat(message);
                if (s.duplicate()) {
                    Member sender = origins.get(i).sender();
                    if (sessions.isCurrent(sender)) {
                        b.out.queue(sender.connection, new SharedFrame(frame));
                    }
                    continue;
                }
                delivery.deliver(message, frame, b);
                fresh.add(message);
                frames.add(frame);
            }
            delivery.seal(b);
        }
        delivery.finish(b);
        for (int i = 0; i < fresh.size(); i++) {
            broker.publishMessage(fresh.get(i).room(), frames.get(i)); // committed: the other servers may have it
        }
    }

    /**
     * In a cluster, once a second: fetches from the store what the broker did not bring (a publish
     * lost, or made while it was away), so every message arrives, if late.
     */
    public void catchUp() {
        delivery.catchUpLater();
    }

    /**
     * In a cluster, every two seconds: keeps who is online here in the broker, reads who is online on
     * the other servers, and announces to this server's connections who came online or went offline
     * elsewhere. When the broker is down, the last known list stays.
     */
    public void syncPresence() {
        Map<String, Presence.Remote> mine;
        synchronized (lock) {
            mine = presence.local();
        }
        Map<String, String> kept = new HashMap<>();
        mine.forEach((id, r) -> kept.put(id, r.connections() + "\n" + writer.presence(Wire.TYPE_JOIN, r.info(), 0)));
        Map<String, Presence.Remote> others = new HashMap<>();
        try {
            broker.keepPresence(kept);
            for (Map<String, String> server : broker.presenceOfOthers().values()) {
                server.forEach((id, entry) -> {
                    Presence.Remote r = remoteEntry(entry);
                    if (r != null) {
                        others.merge(id, r, (x, y) -> new Presence.Remote(x.info(), x.connections() + y.connections()));
                    }
                });
            }
        } catch (RuntimeException e) {
            log.debug("presence sync skipped: {}", e.toString());
            return;
        }
        Outgoing out = new Outgoing();
        synchronized (lock) {
            Presence.Changes changes = presence.syncRemote(others);
            if (presence.count() <= settings.presenceLimit()) {
                long now = epochMillis.getAsLong();
                for (UserInfo u : changes.joined()) {
                    localFanout.toEveryone(new SharedFrame(writer.presence(Wire.TYPE_JOIN, u, now)), null, out);
                }
                for (UserInfo u : changes.left()) {
                    localFanout.toEveryone(new SharedFrame(writer.presence(Wire.TYPE_LEAVE, u, now)), null, out);
                }
            }
        }
        out.flush();
    }

    /** An entry another server kept: its connection count and its user, or null when it is not one. */
    private Presence.Remote remoteEntry(String entry) {
        int newline = entry.indexOf('\n');
        if (newline < 1) {
            return null;
        }
        try {
            int connections = Integer.parseInt(entry.substring(0, newline));
            return writer.decode(entry.substring(newline + 1)) instanceof ServerFrame.UserJoined j
                    ? new Presence.Remote(j.user(), connections) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Why this server cannot serve a cluster's clients now (the broker is down), or null. */
    public String clusterProblem() {
        return broker.problem();
    }

    @Override
    public void failed(List<Submission> origins, StoreException e) {
        for (Submission s : origins) {
            if (sessions.isCurrent(s.sender())) {
                sendError(s.sender(), ErrorCode.STORE_UNAVAILABLE,
                        "the message could not be stored and was not sent; send it again", s.clientMsgId());
            }
        }
    }

    /**
     * Shutting down: refuse new connections and messages, store what is queued (its broadcasts
     * still go out), then close every connection with 1012 so clients come back by themselves.
     */
    @Override
    public void close() {
        closing = true;
        broker.forgetPresence();
        historyReads.shutdown();
        committer.closeWithin(3_000);
        if (brokerEvents != null) {
            brokerEvents.close();
        }
        delivery.close();
        later.close();
        for (Member m : sessions.all()) {
            drop(m, CloseCode.SERVICE_RESTART, "server restarting");
        }
    }

    /** Removes the member now and closes its connection with the code; its later close event finds nothing. */
    private void drop(Member member, CloseCode code, String reason) {
        remove(member, code.code(), reason);
        member.connection.close(code.code(), reason);
    }

    private void remove(Member member, int code, String reason) {
        Outgoing out = new Outgoing();
        synchronized (lock) {
            if (!sessions.remove(member)) {
                return; // already gone: dropped, or a second close event
            }
            UserInfo user = member.user;
            UserInfo left = user == null ? null : presence.depart(user.userId(), member.id());
            if (left != null) {
                localFanout.toEveryone(new SharedFrame(writer.presence(Wire.TYPE_LEAVE, left, epochMillis.getAsLong())), member, out);
            }
        }
        out.flush();
        log.info("close {} from {} code {} ({})", member.id(), member.remote, code, LogText.escape(reason));
    }

    private void queueError(Outgoing out, Member member, ErrorCode code, String message) {
        out.queue(member.connection, new SharedFrame(writer.error(code, message, null)));
    }

    private void sendError(Member member, ErrorCode code, String message, String clientMsgId) {
        member.connection.send(writer.error(code, message, clientMsgId));
    }
}
