package heartbeatchat.server;

import heartbeatchat.shared.protocol.Limits;
import heartbeatchat.shared.time.Cancellable;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;

/** Wires the {@link ChatRoom} to Javalin: the page from classpath {@code /public}, WebSockets at / and /ws. */
public final class ChatServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

    private final Javalin app;
    private final ExecutorScheduler scheduler = new ExecutorScheduler();
    private final ChatRoom room;
    private final long reapEveryMillis;
    private volatile Cancellable reaper;
    private volatile boolean closed;

    private ChatServer(ServerOptions options) {
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String epoch = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        room = new ChatRoom(new SystemClock(), System::currentTimeMillis, new UserIds(secret), new JsonCodec(),
                options.idleTimeoutMillis(), options.historySize(), epoch);
        reapEveryMillis = Math.max(50, options.idleTimeoutMillis() / 10);
        WsEndpoint endpoint = new WsEndpoint(room);
        // Jetty's own idle timeout is only a backstop behind the room's read-idle reaping
        Duration jettyIdle = Duration.ofMillis(options.idleTimeoutMillis() * 2 + 10_000);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = options.host();
            config.jetty.port = options.port();
            config.staticFiles.add("/public", Location.CLASSPATH);
            config.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setMaxTextMessageSize(Limits.MAX_FRAME_BYTES);
                factory.setIdleTimeout(jettyIdle);
            });
            config.routes.ws("/", endpoint::configure);
            config.routes.ws("/ws", endpoint::configure);
        });
    }

    public static ChatServer start(ServerOptions options) {
        ChatServer server = new ChatServer(options);
        server.app.start();
        server.scheduleReaper();
        log.info("listening on http://{}:{}/", options.host(), server.port());
        return server;
    }

    public int port() {
        return app.port();
    }

    public ChatRoom room() {
        return room;
    }

    private void scheduleReaper() {
        reaper = scheduler.schedule(() -> {
            try {
                room.closeIdle();
            } catch (RuntimeException e) {
                log.error("idle reaping failed", e);
            }
            if (!closed) {
                scheduleReaper();
            }
        }, reapEveryMillis);
    }

    @Override
    public void close() {
        closed = true;
        Cancellable r = reaper;
        if (r != null) {
            r.cancel();
        }
        app.stop();
        scheduler.close();
    }
}
