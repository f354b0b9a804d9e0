package heartbeatchat.server;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.websocket.WsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Thin Javalin WebSocket handlers: the upgrade is checked against the {@link OriginPolicy}, each event goes to the {@link ChatRoom}. */
final class WsEndpoint {
    private static final Logger log = LoggerFactory.getLogger(WsEndpoint.class);
    private final ChatRoom room;
    private final OriginPolicy origins;
    private final long maxPendingBytes;

    WsEndpoint(ChatRoom room, OriginPolicy origins, long maxPendingBytes) {
        this.room = room;
        this.origins = origins;
        this.maxPendingBytes = maxPendingBytes;
    }

    /** Before the upgrade: a browser page from a foreign origin gets HTTP 403 and no socket. */
    void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (!origins.allows(origin, ctx.header("Host"))) {
            log.warn("refused upgrade from {} with Origin {}", ctx.ip(), origin);
            throw new ForbiddenResponse("origin not allowed");
        }
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> room.onConnect(new JettyConnection(ctx.sessionId(), ctx.session, maxPendingBytes),
                String.valueOf(ctx.session.getRemoteSocketAddress())));
        ws.onMessage(ctx -> room.onText(ctx.sessionId(), ctx.message()));
        ws.onClose(ctx -> room.onClose(ctx.sessionId(), ctx.status(), ctx.reason()));
        ws.onError(ctx -> log.debug("socket {} error: {}", ctx.sessionId(), String.valueOf(ctx.error())));
    }
}
