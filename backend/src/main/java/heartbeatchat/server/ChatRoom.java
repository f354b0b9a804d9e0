package heartbeatchat.server;

import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.CloseCode;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.LoginRequest;
import heartbeatchat.shared.protocol.UserInfo;
import heartbeatchat.shared.protocol.Wire;
import heartbeatchat.shared.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The chat: logins, heartbeats, broadcast, presence, history and idle reaping. Knows nothing of
 * Javalin or Jetty; the WebSocket handlers only forward events here, and tests drive it directly.
 *
 * <p>Heartbeats touch only the connection's own record. Everything that changes who is online or
 * the message order runs under one lock, so every connection receives frames in {@code seq} order;
 * sends are asynchronous, so the lock is never held across network I/O.
 */
public final class ChatRoom {
    private static final Logger log = LoggerFactory.getLogger(ChatRoom.class);

    private final Clock clock;
    private final LongSupplier epochMillis;
    private final UserIds userIds;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final long idleTimeoutMillis;
    /** Names this run of the message sequence: a client that sees a new epoch knows seq started over. */
    private final String epoch;

    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    /** Logged-in users by user id, in order of arrival; guarded by {@link #lock}. */
    private final Map<String, OnlineUser> online = new LinkedHashMap<>();
    private final History history;
    private long lastSeq;

    public ChatRoom(Clock clock, LongSupplier epochMillis, UserIds userIds, JsonCodec codec, long idleTimeoutMillis,
                    int historySize, String epoch) {
        this.clock = clock;
        this.epochMillis = epochMillis;
        this.userIds = userIds;
        this.reader = codec.reader();
        this.writer = codec.writer();
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.history = new History(historySize);
        this.epoch = epoch;
    }

    public void onConnect(Connection connection, String remote) {
        clients.put(connection.id(), new Client(connection, remote, clock.nowMillis()));
        log.info("connect {} from {}", connection.id(), remote);
    }

    public void onText(String connectionId, String text) {
        Client client = clients.get(connectionId);
        if (client == null) {
            return; // already reaped; its close is under way
        }
        client.lastReceivedAt = clock.nowMillis();
        ClientFrame frame = reader.read(text);
        if (frame instanceof ClientFrame.Check) {
            client.connection.send(Wire.PONG_FRAME);
        } else if (frame instanceof ClientFrame.Login login) {
            login(client, login.request());
        } else if (frame instanceof ClientFrame.Chat chat) {
            chat(client, chat.data());
        } else if (frame instanceof ClientFrame.Invalid invalid) {
            sendError(client, invalid.code(), invalid.message());
        }
    }

    public void onClose(String connectionId, int code, String reason) {
        Client client = clients.get(connectionId);
        if (client != null) {
            remove(client, code, reason);
        }
    }

    /** Closes every connection that sent nothing for the idle timeout. Returns how many. */
    public int closeIdle() {
        long now = clock.nowMillis();
        int closed = 0;
        for (Client client : clients.values()) {
            long silent = now - client.lastReceivedAt;
            if (silent >= idleTimeoutMillis) {
                String reason = "nothing received for " + silent + " ms";
                remove(client, CloseCode.HEARTBEAT_TIMEOUT.code(), reason);
                client.connection.close(CloseCode.HEARTBEAT_TIMEOUT.code(), "idle timeout");
                closed++;
            }
        }
        return closed;
    }

    /** Who is online now. */
    public List<UserInfo> onlineUsers() {
        synchronized (lock) {
            return online.values().stream().map(u -> u.info).toList();
        }
    }

    public int connectionCount() {
        return clients.size();
    }

    private void login(Client client, LoginRequest request) {
        String userId = userIds.userIdFor(request.openid());
        UserInfo info = new UserInfo(userId, request.userName(), request.userAvatar());
        synchronized (lock) {
            if (clients.get(client.connection.id()) != client) {
                return; // reaped while this frame was on its way
            }
            if (client.user != null) {
                sendError(client, ErrorCode.ALREADY_LOGGED_IN, "this connection is already logged in");
                return;
            }
            client.user = info;
            OnlineUser user = online.get(userId);
            boolean joined = user == null;
            if (joined) {
                user = new OnlineUser();
                online.put(userId, user);
            }
            user.info = info; // the latest login's name and avatar
            user.connectionIds.add(client.connection.id());
            List<UserInfo> users = online.values().stream().map(u -> u.info).toList();
            client.connection.send(writer.loginReply(userId, epoch, users, history.recent()));
            if (joined) {
                broadcastExcept(writer.presence(Wire.TYPE_JOIN, info, epochMillis.getAsLong()), client);
            }
        }
        log.info("login {} as {} ({})", client.connection.id(), userId, request.userName());
    }

    private void chat(Client client, String data) {
        synchronized (lock) {
            UserInfo user = client.user;
            if (user == null) {
                sendError(client, ErrorCode.NOT_LOGGED_IN, "log in before sending messages");
                return;
            }
            ChatMessage m = new ChatMessage(++lastSeq, epochMillis.getAsLong(), user.userId(), user.userName(),
                    user.userAvatar(), data);
            history.add(m);
            broadcastExcept(writer.chat(m), null);
        }
    }

    private void remove(Client client, int code, String reason) {
        synchronized (lock) {
            if (!clients.remove(client.connection.id(), client)) {
                return; // already gone: reaped, or a second close event
            }
            UserInfo user = client.user;
            if (user != null) {
                OnlineUser entry = online.get(user.userId());
                entry.connectionIds.remove(client.connection.id());
                if (entry.connectionIds.isEmpty()) {
                    online.remove(user.userId());
                    broadcastExcept(writer.presence(Wire.TYPE_LEAVE, entry.info, epochMillis.getAsLong()), client);
                }
            }
        }
        log.info("close {} from {} code {} ({})", client.connection.id(), client.remote, code,
                reason == null ? "" : reason);
    }

    /** Sends one serialized frame to every logged-in connection but {@code except}. Caller holds the lock. */
    private void broadcastExcept(String frame, Client except) {
        for (Client c : clients.values()) {
            if (c != except && c.user != null) {
                c.connection.send(frame);
            }
        }
    }

    private void sendError(Client client, ErrorCode code, String message) {
        client.connection.send(writer.error(code, message));
    }

    private static final class Client {
        final Connection connection;
        final String remote;
        volatile long lastReceivedAt;
        /** Set once by login, under the room's lock. */
        volatile UserInfo user;

        Client(Connection connection, String remote, long now) {
            this.connection = connection;
            this.remote = remote;
            this.lastReceivedAt = now;
        }
    }

    private static final class OnlineUser {
        UserInfo info;
        final Set<String> connectionIds = new LinkedHashSet<>();
    }
}
