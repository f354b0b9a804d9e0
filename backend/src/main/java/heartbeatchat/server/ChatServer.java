package heartbeatchat.server;

import heartbeatchat.server.cluster.Broker;
import heartbeatchat.server.metrics.MicrometerMetrics;
import heartbeatchat.server.store.InMemoryMessageStore;
import heartbeatchat.server.store.MessageStore;
import heartbeatchat.server.store.SqliteMessageStore;
import heartbeatchat.server.store.StoreException;
import heartbeatchat.server.transport.ClientAddresses;
import heartbeatchat.server.transport.HostPolicy;
import heartbeatchat.server.transport.OriginPolicy;
import heartbeatchat.server.transport.PageFiles;
import heartbeatchat.server.transport.PemKeyStore;
import heartbeatchat.server.transport.RoutedSslConnectionFactory;
import heartbeatchat.server.transport.WebSocketAcceptor;
import heartbeatchat.server.transport.WebSocketReadsInline;
import heartbeatchat.shared.time.Cancellable;
import io.javalin.Javalin;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * Wires the {@link ChatRoom} to Jetty and Javalin: WebSockets at / and /ws through the
 * {@link WebSocketAcceptor}, the page from classpath {@code /public} through Javalin ({@link PageFiles}).
 */
public final class ChatServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

    private final Javalin app;
    private final MessageStore store;
    private final ExecutorScheduler scheduler = new ExecutorScheduler();
    private final ChatRoom room;
    /** How often a server of a cluster compares its rooms with the store. */
    private static final long CATCH_UP_EVERY_MILLIS = 1_000;
    /** Jetty's pool at most ({@link #threadPool}). */
    private static final int MAX_THREADS = 32;
    private final MicrometerMetrics metrics;
    /** Connects this server to the others of a cluster; {@link Broker#NONE} alone. */
    private final Broker broker;
    private volatile Cancellable catchUp;
    /** Catch-ups so far; only the scheduler's thread counts. */
    private long catchUps;
    private final long sweepEveryMillis;
    private volatile Cancellable sweeper;
    private volatile boolean closed;

    private ChatServer(ServerOptions options) throws StoreException, StartupException {
        SslContextFactory.Server tls = options.tls() ? tls(options) : null;
        metrics = new MicrometerMetrics(options.nodeName());
        store = options.postgresUrl() != null ? PostgresEngine.open(options.postgresUrl(), options.postgresPool())
                : options.inMemory() ? new InMemoryMessageStore()
                : SqliteMessageStore.open(options.dataDir(), options.sqliteBusyTimeoutMillis());
        RoomSettings settings = options.room();
        try {
            broker = options.redisUrl() == null ? Broker.NONE : RedisEngine.connect(options.redisUrl(), options.nodeName());
        } catch (StartupException e) {
            store.close();
            throw e;
        }
        try {
            room = new ChatRoom(new SystemClock(), System::currentTimeMillis, new JsonCodec(), store, settings, options.roomLimits(),
                    metrics, broker);
        } catch (StoreException e) {
            broker.close();
            store.close();
            throw e;
        }
        sweepEveryMillis = Math.max(50, Math.min(settings.idleTimeoutMillis(), settings.loginTimeoutMillis()) / 10);
        // Jetty's own idle timeout is only a backstop behind the room's read-idle sweep
        WebSocketAcceptor sockets = new WebSocketAcceptor(room, new HostPolicy(options.host(), options.publicHosts()),
                new OriginPolicy(options.allowedOrigins()), new ClientAddresses(options.trustedProxies()),
                settings.maxPendingBytes(), Duration.ofMillis(settings.idleTimeoutMillis() * 2 + 10_000));
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.threadPool = threadPool();
            config.jetty.addConnector((server, http) -> connector(server, http, options, tls));
            PageFiles.addTo(config);
            config.routes.get("/health", ctx -> ctx.contentType("text/plain; charset=utf-8").result("ok\n"));
            config.routes.get("/ready", ctx -> {
                String problem = notReady();
                ctx.contentType("text/plain; charset=utf-8").status(problem == null ? 200 : 503)
                        .result(problem == null ? "ready\n" : "not ready: " + problem + "\n");
            });
            config.routes.get("/metrics", ctx -> ctx.contentType(MicrometerMetrics.CONTENT_TYPE).result(metrics.scrape()));
            config.jetty.modifyServer(sockets::installIn);
        });
    }

    /**
     * Jetty's threads, at most {@value #MAX_THREADS} (Javalin's default is 250). WebSocket reads and
     * accepts run on the selector thread; the pool serves the page and cleans up ended connections.
     * Each ended connection's clean-up is a job, and on one busy core a burst of closes found no idle
     * thread for most of them, so the pool grew to 200 threads and kept them for a minute
     * (docs/bench/PROFILE.md, section 12). Jobs beyond the threads wait in the pool's queue.
     */
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 8, 60_000);
        pool.setName("JettyServerThreadPool");
        return pool;
    }

    /**
     * Jetty's default accept queue is Java's 50: a burst of connects beyond it is dropped by the
     * kernel and retried by the client's TCP a second later, so a reconnect storm crawls.
     */
    private static ServerConnector connector(Server server, HttpConfiguration http, ServerOptions options,
                                             SslContextFactory.Server tls) {
        ServerConnector connector;
        if (tls == null) {
            connector = new WebSocketReadsInline(server, new HttpConnectionFactory(http));
        } else {
            HttpConfiguration https = new HttpConfiguration(http);
            // the certificate need not name the Host a client uses (127.0.0.1 in front of a localhost cert)
            https.addCustomizer(new SecureRequestCustomizer(false));
            connector = new WebSocketReadsInline(server, new RoutedSslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(https));
        }
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setAcceptQueueSize(options.acceptQueue());
        return connector;
    }

    /** The certificate and key of {@code --tls-cert} and {@code --tls-key}, read now so a bad file stops the start. */
    private static SslContextFactory.Server tls(ServerOptions options) throws StartupException {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        try {
            tls.setKeyStore(PemKeyStore.load(options.tlsCert(), options.tlsKey()));
        } catch (IOException | GeneralSecurityException e) {
            throw new StartupException("cannot use --tls-cert " + options.tlsCert() + " and --tls-key "
                    + options.tlsKey() + ": " + e.getMessage(), e);
        }
        tls.setKeyStorePassword(PemKeyStore.PASSWORD);
        return tls;
    }

    /** Why this server should get no traffic now, or null when it can take it: what {@code /ready} answers. */
    private String notReady() {
        if (closed) {
            return "shutting down";
        }
        try {
            store.check();
        } catch (StoreException e) {
            return "store: " + e.getMessage();
        }
        return broker.problem();
    }

    public static ChatServer start(ServerOptions options) throws StoreException, StartupException {
        ChatServer server = new ChatServer(options);
        server.app.start();
        server.scheduleSweep();
        if (server.broker != Broker.NONE) {
            server.scheduleCatchUp();
        }
        log.info("listening on {}://{}:{}/ with {} store{}", options.tls() ? "https" : "http", options.host(), server.port(),
                options.postgresUrl() != null ? "the PostgreSQL " + PostgresUrl.withoutSecrets(options.postgresUrl())
                        : options.inMemory() ? "an in-memory" : "the SQLite " + options.dataDir().resolve("chat.db"),
                options.redisUrl() == null ? "" : ", as node " + options.nodeName() + " of the cluster on the Redis "
                        + RedisEngine.withoutPassword(options.redisUrl()));
        return server;
    }

    public int port() {
        return app.port();
    }

    private void scheduleSweep() {
        sweeper = scheduler.schedule(() -> {
            try {
                room.sweep();
            } catch (RuntimeException e) {
                log.error("sweeping idle connections failed", e);
            }
            if (!closed) {
                scheduleSweep();
            }
        }, sweepEveryMillis);
    }

    /**
     * In a cluster: once a second, what the broker did not bring is fetched from the store; every
     * other second, who is online is exchanged with the other servers.
     */
    private void scheduleCatchUp() {
        catchUp = scheduler.schedule(() -> {
            room.catchUp();
            if (++catchUps % 2 == 0) {
                room.syncPresence(); // every two seconds
            }
            if (!closed) {
                scheduleCatchUp();
            }
        }, CATCH_UP_EVERY_MILLIS);
    }

    /** Stores what is queued, closes every connection with 1012, stops the server. */
    @Override
    public void close() {
        long start = System.nanoTime();
        closed = true;
        Cancellable s = sweeper;
        if (s != null) {
            s.cancel();
        }
        Cancellable c = catchUp;
        if (c != null) {
            c.cancel();
        }
        room.close();
        app.stop();
        broker.close();
        store.close();
        scheduler.close();
        log.info("stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
