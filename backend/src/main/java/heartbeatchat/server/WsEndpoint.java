package heartbeatchat.server;

import io.javalin.websocket.WsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Thin Javalin WebSocket handlers: each event is forwarded to the {@link ChatRoom}. */
final class WsEndpoint {
    private static final Logger log = LoggerFactory.getLogger(WsEndpoint.class);
    private final ChatRoom room;

    WsEndpoint(ChatRoom room) {
        this.room = room;
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> room.onConnect(new JettyConnection(ctx.sessionId(), ctx.session),
                String.valueOf(ctx.session.getRemoteSocketAddress())));
        ws.onMessage(ctx -> room.onText(ctx.sessionId(), ctx.message()));
        ws.onClose(ctx -> room.onClose(ctx.sessionId(), ctx.status(), ctx.reason()));
        ws.onError(ctx -> log.debug("socket {} error: {}", ctx.sessionId(), String.valueOf(ctx.error())));
    }
}
