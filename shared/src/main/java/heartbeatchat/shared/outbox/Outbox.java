package heartbeatchat.shared.outbox;

import heartbeatchat.shared.protocol.TokenBucket;
import heartbeatchat.shared.time.Cancellable;
import heartbeatchat.shared.time.Scheduler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the user typed and the server has not confirmed, kept so nothing is lost: while offline,
 * across reconnects and (through {@link Port#save}) across page reloads.
 *
 * <ul>
 *   <li>Entries are sent in the order they were typed, once per login, only after the login reply
 *       (so after the resume: the page shows what it missed before what it sends).</li>
 *   <li>Sending is paced by a token bucket, so an outbox that filled up offline never trips the
 *       server's rate limit.</li>
 *   <li>An entry leaves the outbox only when its own broadcast (or the server's answer to a retry)
 *       comes back with its {@code clientMsgId}, or when the server refuses it for good.</li>
 *   <li>A transient refusal (store unavailable, rate limited) sends it again after a delay; the
 *       server stores each {@code clientMsgId} once, so retries never double a message.</li>
 * </ul>
 * Not thread-safe; one thread, like {@code ClientConnection}.
 */
public final class Outbox {
    /** Where the outbox sends and keeps its entries. */
    public interface Port {
        /** Hands the frame for this entry to the socket; false when there is no open socket. */
        boolean send(OutboxEntry entry);

        /** Called after every change with the whole outbox, for storage across reloads. */
        void save(List<OutboxEntry> entries);
    }

    private final Scheduler scheduler;
    private final TokenBucket pacing;
    private final long retryDelayMillis;
    private final Port port;
    private final List<OutboxEntry> entries;
    /** Ids sent since the last login; the others wait for their turn. */
    private final Set<String> sentThisLogin = new HashSet<>();
    private boolean loggedIn;
    private Cancellable flushTimer;

    public Outbox(Scheduler scheduler, TokenBucket pacing, long retryDelayMillis, Port port, List<OutboxEntry> restored) {
        this.scheduler = scheduler;
        this.pacing = pacing;
        this.retryDelayMillis = retryDelayMillis;
        this.port = port;
        this.entries = new ArrayList<>(restored);
    }

    /** Adds what the user typed for a room and sends it when it may. */
    public OutboxEntry add(String clientMsgId, String room, String data) {
        OutboxEntry e = new OutboxEntry(clientMsgId, room, data);
        entries.add(e);
        port.save(List.copyOf(entries));
        flush();
        return e;
    }

    /** The login reply arrived and was shown: send everything still unconfirmed, in order. */
    public void onLoggedIn() {
        loggedIn = true;
        sentThisLogin.clear();
        flush();
    }

    /** The socket is gone: nothing is sent until the next login. */
    public void onDisconnected() {
        loggedIn = false;
        cancelTimer();
    }

    /** The server's broadcast carried this id back: the entry is done. Returns whether it was here. */
    public boolean confirm(String clientMsgId) {
        boolean removed = entries.removeIf(e -> e.clientMsgId().equals(clientMsgId));
        if (removed) {
            sentThisLogin.remove(clientMsgId);
            port.save(List.copyOf(entries));
        }
        return removed;
    }

    /** The server refused this entry for now: send it again after the retry delay. */
    public void retryLater(String clientMsgId) {
        if (sentThisLogin.remove(clientMsgId) && loggedIn) {
            cancelTimer();
            flushTimer = scheduler.schedule(this::onFlushTimer, retryDelayMillis);
        }
    }

    /** The server refused this entry for good (too long, empty): drop it. Returns it, or null. */
    public OutboxEntry reject(String clientMsgId) {
        for (OutboxEntry e : entries) {
            if (e.clientMsgId().equals(clientMsgId)) {
                confirm(clientMsgId);
                return e;
            }
        }
        return null;
    }

    public List<OutboxEntry> pending() {
        return List.copyOf(entries);
    }

    private void onFlushTimer() {
        flushTimer = null;
        flush();
    }

    private void flush() {
        if (!loggedIn || flushTimer != null) {
            return;
        }
        for (OutboxEntry e : entries) {
            if (sentThisLogin.contains(e.clientMsgId())) {
                continue;
            }
            long wait = pacing.millisUntilToken();
            if (wait > 0) {
                flushTimer = scheduler.schedule(this::onFlushTimer, wait);
                return;
            }
            if (!port.send(e)) {
                loggedIn = false; // the socket went away; the next login starts over
                return;
            }
            pacing.tryTake();
            sentThisLogin.add(e.clientMsgId());
        }
    }

    private void cancelTimer() {
        if (flushTimer != null) {
            flushTimer.cancel();
            flushTimer = null;
        }
    }
}
