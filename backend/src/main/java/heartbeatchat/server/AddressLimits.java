package heartbeatchat.server;

import heartbeatchat.shared.protocol.TokenBucket;
import heartbeatchat.shared.time.Clock;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Connections per client address: how many are open (logged in or not) and how fast new ones come,
 * so one address cannot take the server's connections or keep its accept loop busy, while every
 * other address is unaffected. An address is forgotten once it has nothing open and its bucket has
 * refilled, so closing and reopening does not reset the rate. Thread-safe.
 */
final class AddressLimits {
    /** Why a connection was refused. */
    enum Refusal {
        TOO_MANY_OPEN, CONNECTING_TOO_FAST
    }

    private static final class Entry {
        final TokenBucket connects;
        int open;

        Entry(TokenBucket connects) {
            this.connects = connects;
        }
    }

    private final Clock clock;
    private final int maxOpen;
    private final double connectsPerSecond;
    private final Map<String, Entry> addresses = new HashMap<>();

    AddressLimits(Clock clock, int maxOpen, double connectsPerSecond) {
        this.clock = clock;
        this.maxOpen = maxOpen;
        this.connectsPerSecond = connectsPerSecond;
    }

    /** Counts a new connection from the address, or says why it is refused (and counts nothing). */
    synchronized Refusal tryOpen(String address) {
        Entry e = addresses.computeIfAbsent(address, a -> new Entry(new TokenBucket(clock, maxOpen, connectsPerSecond)));
        if (e.open >= maxOpen) {
            return Refusal.TOO_MANY_OPEN;
        }
        if (!e.connects.tryTake()) {
            return Refusal.CONNECTING_TOO_FAST;
        }
        e.open++;
        return null;
    }

    /** A connection that {@link #tryOpen} let in has closed. */
    synchronized void closed(String address) {
        Entry e = addresses.get(address);
        if (e != null && e.open > 0) {
            e.open--;
        }
    }

    synchronized int open(String address) {
        Entry e = addresses.get(address);
        return e == null ? 0 : e.open;
    }

    /** Drops addresses with nothing open and a full bucket; returns how many are still kept. */
    synchronized int forgetIdle() {
        for (Iterator<Entry> it = addresses.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.open == 0 && e.connects.isFull()) {
                it.remove();
            }
        }
        return addresses.size();
    }
}
