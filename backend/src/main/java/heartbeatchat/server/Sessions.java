package heartbeatchat.server;

import heartbeatchat.server.transport.Connection;
import heartbeatchat.shared.protocol.CloseCode;
import heartbeatchat.shared.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session registry: every open connection as a {@link Member}, who may connect (the server's
 * and each address's limits), and which connections are dead. Logins, users and rooms are not its
 * business. Thread-safe: the map is concurrent and the address limits synchronize themselves.
 */
final class Sessions {
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    /** A connection to close, and why. */
    record Reap(Member member, CloseCode code, String reason) {
    }

    private final Clock clock;
    private final RoomSettings settings;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final AddressLimits addresses;

    Sessions(Clock clock, RoomSettings settings) {
        this.clock = clock;
        this.settings = settings;
        this.addresses = new AddressLimits(clock, settings.maxConnectionsPerAddress(), settings.connectsPerAddressPerSecond());
    }

    /** Registers the connection, or closes it (1013 server full, 4004 address limit) and returns null. */
    Member admit(Connection connection, Object remote, String address) {
        if (members.size() >= settings.maxConnections()) {
            log.warn("refused {} from {}: {} connections already", connection.id(), remote, members.size());
            connection.close(CloseCode.TRY_AGAIN_LATER.code(), "server full, try again later");
            return null;
        }
        AddressLimits.Refusal refusal = addresses.tryOpen(address);
        if (refusal != null) {
            log.debug("refused {} from {}: {}", connection.id(), address, refusal);
            connection.close(CloseCode.ADDRESS_LIMIT.code(), refusal == AddressLimits.Refusal.TOO_MANY_OPEN
                    ? "too many connections from your address" : "connecting too fast from your address");
            return null;
        }
        Member member = new Member(connection, remote, address, clock, settings);
        members.put(connection.id(), member);
        log.debug("connect {} from {}", connection.id(), remote); // the login and close lines name the address
        return member;
    }

    Member get(String connectionId) {
        return members.get(connectionId);
    }

    /** Whether this very member is still registered (not reaped, not replaced). */
    boolean isCurrent(Member member) {
        return members.get(member.id()) == member;
    }

    Collection<Member> all() {
        return members.values();
    }

    int size() {
        return members.size();
    }

    /** Unregisters the member; false when it was gone already (dropped, or a second close event). */
    boolean remove(Member member) {
        if (!members.remove(member.id(), member)) {
            return false;
        }
        addresses.closed(member.address);
        return true;
    }

    /**
     * Finds dead connections. A client that only reads (the note's client pings only after 5 s
     * without receiving, so in a busy room it never does) is sent a WebSocket protocol ping once it
     * has been silent for {@link RoomSettings#pingAfterMillis()}; its pong counts as a frame
     * received. A connection from which nothing, not even that pong, arrived for the idle timeout is
     * to be closed (4000), and one that did not log in within the login timeout too (4001).
     */
    List<Reap> sweep() {
        long now = clock.nowMillis();
        List<Reap> reaps = new ArrayList<>();
        for (Member m : members.values()) {
            long lastReceived = m.lastReceivedAt;
            long silent = now - lastReceived;
            if (silent >= settings.idleTimeoutMillis()) {
                reaps.add(new Reap(m, CloseCode.HEARTBEAT_TIMEOUT, "nothing received for " + silent + " ms"
                        + (m.pingedAt > lastReceived ? ", no pong " + (now - m.pingedAt) + " ms after a ping" : "")));
            } else if (m.user == null && now - m.connectedAt >= settings.loginTimeoutMillis()) {
                reaps.add(new Reap(m, CloseCode.LOGIN_TIMEOUT, "no login within " + settings.loginTimeoutMillis() + " ms"));
            } else if (silent >= settings.pingAfterMillis() && m.pingedAt <= lastReceived) {
                m.pingedAt = now; // once per silence: the next ping waits for something received
                m.connection.ping();
            }
        }
        addresses.forgetIdle();
        return reaps;
    }
}
