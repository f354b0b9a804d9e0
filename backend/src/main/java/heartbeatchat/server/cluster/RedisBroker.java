package heartbeatchat.server.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Broker} on Redis pub/sub, with Lettuce. A room's messages go on a channel of its own,
 * {@code heartbeat-chat:m:<room>}, which only the servers holding the room subscribe to; everything
 * else goes on {@code heartbeat-chat:all}. Every payload starts with the publishing server's name,
 * so a server skips its own. One connection publishes, so a server's publishes reach the others in
 * the order it made them (a membership change before the frames that follow from it); another
 * subscribes.
 *
 * <p>Redis pub/sub delivers at most once: while Redis or the link to it is down, publishes fail
 * (they are not queued, so nothing stale is replayed and memory does not grow), and what was
 * published meanwhile is lost to this server. Lettuce reconnects by itself and subscribes again;
 * then the listener is told, and the chat fetches from the store what it missed.
 */
public final class RedisBroker implements Broker {
    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
    static final String PREFIX = "heartbeat-chat:";
    static final String ALL = PREFIX + "all";
    static final String MESSAGES = PREFIX + "m:";
    static final String PRESENCE = PREFIX + "presence:";

    private final String node;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    /** Presence only, from one thread: its MULTI/EXEC never mixes with another thread's commands. */
    private final StatefulRedisConnection<String, String> presence;
    private final Set<String> followed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean lost = new AtomicBoolean();
    private volatile Listener listener;

    private RedisBroker(String node, RedisClient client) {
        this.node = node;
        this.client = client;
        this.publisher = client.connect();
        this.subscriber = client.connectPubSub();
        this.presence = client.connect();
    }

    /**
     * Connects to Redis at the URL ({@code redis://host:port}, {@code redis://:password@host:port/db},
     * {@code rediss://} for TLS).
     *
     * @param node this server's name, unique in the cluster
     * @throws IllegalArgumentException when the URL is not one
     * @throws io.lettuce.core.RedisException when Redis cannot be reached now
     */
    public static RedisBroker connect(String url, String node) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(Duration.ofSeconds(2));
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            return new RedisBroker(node, client);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
    }

    @Override
    public void start(Listener events) {
        this.listener = events;
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String payload) {
                receive(channel, payload);
            }
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (lost.compareAndSet(false, true)) {
                    log.warn("lost the connection to Redis; reconnecting");
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (publisher.isOpen() && subscriber.isOpen() && lost.compareAndSet(true, false)) {
                    log.info("connected to Redis again at {}", address);
                    events.onReconnected();
                }
            }
        });
        subscriber.sync().subscribe(ALL);
        for (String room : followed) {
            subscriber.async().subscribe(MESSAGES + room);
        }
    }

    @Override
    public void follow(String roomId) {
        if (followed.add(roomId) && listener != null) {
            subscriber.async().subscribe(MESSAGES + roomId);
        }
    }

    private void receive(String channel, String payload) {
        int end = payload.indexOf('\n');
        if (end < 0 || payload.regionMatches(0, node, 0, end) && end == node.length()) {
            return; // malformed, or this server's own
        }
        Listener events = listener;
        try {
            if (channel.startsWith(MESSAGES)) {
                events.onMessage(channel.substring(MESSAGES.length()), payload.substring(end + 1));
                return;
            }
            String[] parts = payload.substring(end + 1).split("\n", 4);
            if (parts.length < 4) {
                return;
            }
            String a = parts[1].isEmpty() ? null : parts[1];
            String b = parts[2].isEmpty() ? null : parts[2];
            switch (parts[0]) {
                case "R" -> events.onRoomFrame(a, b, parts[3]);
                case "U" -> events.onUserFrame(a, parts[3]);
                case "E" -> events.onEveryoneFrame(parts[3]);
                case "C" -> events.onRoomChanged(a, b);
                default -> log.debug("ignoring an event of kind {}", parts[0]);
            }
        } catch (RuntimeException e) {
            log.error("handling an event from another server failed", e);
        }
    }

    @Override
    public void publishMessage(String roomId, String messageFrame) {
        publish(MESSAGES + roomId, node + "\n" + messageFrame);
    }

    @Override
    public void publishToRoom(String roomId, String exceptUser, String frame) {
        event("R", roomId, exceptUser, frame);
    }

    @Override
    public void publishToUser(String userId, String frame) {
        event("U", userId, null, frame);
    }

    @Override
    public void publishToEveryone(String frame) {
        event("E", null, null, frame);
    }

    @Override
    public void publishRoomChanged(String roomId, String userId) {
        event("C", roomId, userId, "");
    }

    private void event(String kind, String a, String b, String frame) {
        publish(ALL, node + "\n" + kind + "\n" + (a == null ? "" : a) + "\n" + (b == null ? "" : b) + "\n" + frame);
    }

    private void publish(String channel, String payload) {
        try {
            publisher.async().publish(channel, payload); // a failure (Redis down) is made good by the receivers
        } catch (RuntimeException e) {
            log.debug("publish to {} failed: {}", channel, e.toString());
        }
    }

    @Override
    public synchronized void keepPresence(Map<String, String> users) {
        RedisCommands<String, String> redis = presence.sync();
        String key = PRESENCE + node;
        redis.multi();
        redis.del(key);
        if (!users.isEmpty()) {
            redis.hset(key, users);
        }
        redis.expire(key, PRESENCE_TTL_SECONDS);
        redis.exec();
    }

    @Override
    public synchronized Map<String, Map<String, String>> presenceOfOthers() {
        RedisCommands<String, String> redis = presence.sync();
        Map<String, Map<String, String>> out = new HashMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(PRESENCE + "*").limit(100));
            for (String key : page.getKeys()) {
                String server = key.substring(PRESENCE.length());
                if (!server.equals(node)) {
                    out.put(server, redis.hgetall(key));
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return out;
    }

    @Override
    public synchronized void forgetPresence() {
        try {
            presence.sync().del(PRESENCE + node);
        } catch (RuntimeException e) {
            log.debug("forgetting presence failed: {}", e.toString()); // it expires by itself
        }
    }

    @Override
    public String problem() {
        if (!publisher.isOpen() || !subscriber.isOpen()) {
            return "Redis: not connected";
        }
        try {
            publisher.sync().ping();
            return null;
        } catch (RuntimeException e) {
            return "Redis: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        subscriber.close();
        publisher.close();
        presence.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
