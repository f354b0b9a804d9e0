package heartbeatchat.shared.connection;

import heartbeatchat.shared.protocol.CloseCode;
import heartbeatchat.shared.protocol.Wire;
import heartbeatchat.shared.time.Cancellable;
import heartbeatchat.shared.time.Clock;
import heartbeatchat.shared.time.Scheduler;

/**
 * The client's connection: login on open, heartbeat, dead-socket detection and reconnect, as the
 * design note describes them.
 *
 * <ul>
 *   <li>On open: send the login frame, then arm the heartbeat.</li>
 *   <li>{@code pingAfter} after the last incoming frame (any frame), send a ping.</li>
 *   <li>If nothing arrives within {@code replyTimeout} of the ping, close the socket and treat it as
 *       closed at once: a dead network often delivers its close event late or never.</li>
 *   <li>On close or error, schedule exactly one reconnect, delayed by {@link ReconnectBackoff};
 *       after a close code that {@link CloseCode} marks terminal, stop instead.</li>
 *   <li>Events from a socket that is no longer the current one are ignored.</li>
 * </ul>
 *
 * Timers re-check the clock when they run: they may fire late (throttled tabs), and the heartbeat
 * timer is re-armed by the remaining time instead of being rescheduled on every frame.
 *
 * <p>Not thread-safe: all calls and all transport and scheduler callbacks must come from one thread
 * (the browser's event loop, or a test).
 */
public final class ClientConnection {
    private final Transport transport;
    private final Clock clock;
    private final Scheduler scheduler;
    private final ConnectionSettings settings;
    private final ReconnectBackoff backoff;
    private final ConnectionHandler handler;

    private ConnectionState state = ConnectionState.IDLE;
    private SocketEvents current;
    private TransportSocket socket;
    private Cancellable timer;

    private int attempt;
    private long connectStartedAt;
    private long openedAt = -1;
    private long lastFrameAt;
    private long pingSentAt = -1;
    private boolean awaitingReply;
    private long reconnectAt;
    private long rttMillis = -1;
    private int closeCode;
    private String closeReason = "";

    public ClientConnection(Transport transport, Clock clock, Scheduler scheduler, ConnectionSettings settings,
                            ReconnectBackoff backoff, ConnectionHandler handler) {
        this.transport = transport;
        this.clock = clock;
        this.scheduler = scheduler;
        this.settings = settings;
        this.backoff = backoff;
        this.handler = handler;
    }

    /** Opens the first socket. Does nothing unless the connection is idle, stopped or closed. */
    public void start() {
        if (state == ConnectionState.IDLE || state == ConnectionState.STOPPED || state == ConnectionState.CLOSED) {
            attempt = 0;
            connect();
        }
    }

    /** Ends every timer and the socket; nothing happens afterwards until {@link #start()}. */
    public void stop() {
        if (state == ConnectionState.STOPPED) {
            return;
        }
        detachSocket(CloseCode.NORMAL.code(), "stopped");
        cancelTimer();
        state = ConnectionState.STOPPED;
        publish();
    }

    /** Sends a frame if the connection is online. Returns whether it was handed to the socket. */
    public boolean send(String text) {
        if (state != ConnectionState.ONLINE) {
            return false;
        }
        socket.send(text);
        return true;
    }

    /**
     * The page became visible again or the network came back: reconnect now instead of waiting out
     * the backoff, and check an open socket's deadlines at once instead of trusting throttled timers.
     */
    public void wake() {
        if (state == ConnectionState.RECONNECTING) {
            cancelTimer();
            connect();
        } else if (state == ConnectionState.ONLINE) {
            onHeartbeatTimer();
        }
    }

    public ConnectionStatus status() {
        return new ConnectionStatus(state, attempt, state == ConnectionState.RECONNECTING ? reconnectAt : 0,
                rttMillis, closeCode, closeReason);
    }

    private void connect() {
        state = ConnectionState.CONNECTING;
        connectStartedAt = clock.nowMillis();
        openedAt = -1;
        SocketEvents events = new SocketEvents();
        current = events;
        publish();
        TransportSocket opened = transport.connect(events);
        if (current == events) {
            socket = opened;
            armTimer(settings.connectTimeoutMillis());
        } else {
            // the transport failed synchronously and the failure was already handled
            opened.close(CloseCode.NORMAL.code(), "superseded");
        }
    }

    private void onOpen() {
        long now = clock.nowMillis();
        state = ConnectionState.ONLINE;
        openedAt = now;
        lastFrameAt = now;
        awaitingReply = false;
        pingSentAt = -1;
        socket.send(handler.loginFrame());
        armTimer(settings.pingAfterMillis());
        publish();
    }

    private void onMessage(String text) {
        long now = clock.nowMillis();
        lastFrameAt = now;
        awaitingReply = false;
        if (Wire.isPong(text)) {
            if (pingSentAt >= 0) {
                rttMillis = now - pingSentAt;
                pingSentAt = -1;
                publish();
            }
            return;
        }
        handler.onFrame(text);
    }

    /** The one timer: connect deadline, ping due, or reply deadline, decided from the clock. */
    private void onHeartbeatTimer() {
        long now = clock.nowMillis();
        if (state == ConnectionState.CONNECTING) {
            long deadline = connectStartedAt + settings.connectTimeoutMillis();
            if (now >= deadline) {
                fail(CloseCode.HEARTBEAT_TIMEOUT.code(),
                        "socket did not open within " + settings.connectTimeoutMillis() + " ms");
            } else {
                armTimer(deadline - now);
            }
        } else if (state == ConnectionState.ONLINE) {
            if (awaitingReply) {
                long deadline = pingSentAt + settings.replyTimeoutMillis();
                if (now >= deadline) {
                    fail(CloseCode.HEARTBEAT_TIMEOUT.code(),
                            "no reply within " + settings.replyTimeoutMillis() + " ms of a ping");
                } else {
                    armTimer(deadline - now);
                }
            } else {
                long due = lastFrameAt + settings.pingAfterMillis();
                if (now >= due) {
                    socket.send(Wire.PING_FRAME);
                    pingSentAt = now;
                    awaitingReply = true;
                    armTimer(settings.replyTimeoutMillis());
                } else {
                    armTimer(due - now);
                }
            }
        }
    }

    private void onReconnectTimer() {
        long now = clock.nowMillis();
        if (now >= reconnectAt) {
            connect();
        } else {
            timer = scheduler.schedule(this::onReconnectTimer, reconnectAt - now);
        }
    }

    /** The single failure path: whatever ended the socket, exactly one reconnect is scheduled. */
    private void fail(int code, String reason) {
        long now = clock.nowMillis();
        boolean wasStable = openedAt >= 0 && now - openedAt >= settings.stableAfterMillis();
        detachSocket(code, reason);
        cancelTimer();
        closeCode = code;
        closeReason = reason;
        attempt = wasStable ? 1 : attempt + 1;
        long delay = backoff.delayMillis(attempt);
        reconnectAt = now + delay;
        state = ConnectionState.RECONNECTING;
        timer = scheduler.schedule(this::onReconnectTimer, delay);
        publish();
    }

    /** The server said not to come back: no reconnect until {@link #start()}. */
    private void closedForGood(int code, String reason) {
        detachSocket(code, reason);
        cancelTimer();
        closeCode = code;
        closeReason = reason;
        state = ConnectionState.CLOSED;
        publish();
    }

    /** Forgets the current socket (its later events are ignored) and closes it. */
    private void detachSocket(int code, String reason) {
        current = null;
        TransportSocket old = socket;
        socket = null;
        awaitingReply = false;
        pingSentAt = -1;
        if (old != null) {
            // browsers accept only 1000 and 3000-4999 from a page
            old.close(code >= 3000 && code <= 4999 ? code : CloseCode.NORMAL.code(), reason);
        }
    }

    private void armTimer(long delayMillis) {
        cancelTimer();
        timer = scheduler.schedule(this::onHeartbeatTimer, delayMillis);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void publish() {
        handler.onStatus(status());
    }

    /** The listener of one socket; once that socket is not current, everything it hears is dropped. */
    private final class SocketEvents implements TransportListener {
        private boolean isCurrent() {
            return current == this;
        }

        @Override
        public void onOpen() {
            if (isCurrent()) {
                ClientConnection.this.onOpen();
            }
        }

        @Override
        public void onMessage(String text) {
            if (isCurrent() && state == ConnectionState.ONLINE) {
                ClientConnection.this.onMessage(text);
            }
        }

        @Override
        public void onClose(int code, String reason) {
            if (isCurrent()) {
                String why = reason == null || reason.isEmpty() ? "closed with " + code : reason;
                if (CloseCode.reconnectAfter(code)) {
                    fail(code, why);
                } else {
                    closedForGood(code, why);
                }
            }
        }

        @Override
        public void onError() {
            if (isCurrent()) {
                fail(CloseCode.ABNORMAL.code(), "socket error");
            }
        }
    }
}
