package heartbeatchat.server.transport;

import heartbeatchat.server.LogText;
import heartbeatchat.shared.protocol.Limits;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepts WebSockets at {@code /} and {@code /ws} with Jetty's core WebSocket server, in front of
 * Javalin, which only serves the page. A socket accepted here keeps nothing of its HTTP upgrade
 * request, and no servlet machinery runs per socket or per frame. An upgrade naming a host this
 * server is not known by ({@link HostPolicy}: DNS rebinding), or from a browser page of a foreign
 * origin, gets HTTP 403 and no socket.
 */
public final class WebSocketAcceptor {
    private static final Logger log = LoggerFactory.getLogger(WebSocketAcceptor.class);
    /**
     * "/" ("" is the servlet spec's exact root) and "/ws", exactly; any other path, and any request
     * that is not an upgrade, goes on to Javalin. (A RegexPathSpec would throw and catch two
     * exceptions per upgrade looking for named groups.)
     */
    private static final List<ServletPathSpec> PATHS = List.of(new ServletPathSpec(""), new ServletPathSpec("/ws"));
    /** permessage-deflate would give every socket a zlib deflater and inflater for frames of a few hundred bytes. */
    private static final String DEFLATE = "permessage-deflate";

    private final ConnectionEvents chat;
    private final HostPolicy hosts;
    private final OriginPolicy origins;
    private final ClientAddresses clientAddresses;
    private final long maxPendingBytes;
    private final Duration idleTimeout;
    private final AtomicLong ids = new AtomicLong();

    /** @param idleTimeout Jetty's own idle timeout, a backstop behind the room's read-idle sweep */
    public WebSocketAcceptor(ConnectionEvents chat, HostPolicy hosts, OriginPolicy origins, ClientAddresses clientAddresses,
                      long maxPendingBytes, Duration idleTimeout) {
        this.chat = chat;
        this.hosts = hosts;
        this.origins = origins;
        this.clientAddresses = clientAddresses;
        this.maxPendingBytes = maxPendingBytes;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Puts the upgrade handler first in the server, then {@link SecurityHeaders} and
     * {@link OnPoolThreads}; Javalin attaches
     * its own handler inside that (it looks for the innermost wrapper).
     */
    public void installIn(Server server) {
        WebSocketComponents components = WebSocketServerComponents.ensureWebSocketComponents(server);
        components.getExtensionRegistry().unregister(DEFLATE);
        WebSocketUpgradeHandler upgrade = new NonBlockingUpgrades(components);
        upgrade.setHandler(new SecurityHeaders(new OnPoolThreads(server.getThreadPool())));
        configure(upgrade.getConfiguration());
        PATHS.forEach(path -> upgrade.addMapping(path, this::negotiate));
        server.setHandler(upgrade);
    }

    private void configure(Configuration configuration) {
        // a longer frame arrives in pieces of at most this much, and ChatSocket refuses it (1009) once
        // the message passes the limit. What we send goes out whole through SocketWriter; only
        // Jetty's own frames (closes) would be fragmented
        configuration.setMaxFrameSize(Limits.MAX_FRAME_BYTES);
        configuration.setAutoFragment(true);
        configuration.setMaxTextMessageSize(Limits.MAX_FRAME_BYTES);
        configuration.setMaxBinaryMessageSize(Limits.MAX_FRAME_BYTES);
        configuration.setIdleTimeout(idleTimeout);
    }

    private FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (!hosts.allows(host)) {
            log.warn("refused upgrade from {} with Host {}", Request.getRemoteAddr(request), LogText.escape(host));
            Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, "host not allowed");
            return null;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!origins.allows(origin, host)) {
            log.warn("refused upgrade from {} with Origin {}", Request.getRemoteAddr(request), LogText.escape(origin));
            Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, "origin not allowed");
            return null;
        }
        String peer = Request.getRemoteAddr(request);
        String client = clientAddresses.of(peer, request.getHeaders().get(HttpHeader.X_FORWARDED_FOR));
        return new ChatSocket(Long.toString(ids.incrementAndGet(), 36), chat, maxPendingBytes, client,
                !client.equals(peer));
    }

    /** An upgrade never blocks, and what is not an upgrade goes to {@link OnPoolThreads}. */
    private static final class NonBlockingUpgrades extends WebSocketUpgradeHandler {
        NonBlockingUpgrades(WebSocketComponents components) {
            super(components);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }
}
