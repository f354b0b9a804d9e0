package heartbeatchat.shared.connection;

import java.util.function.DoubleSupplier;

/**
 * Delay before reconnect attempt k (1-based): {@code base = min(initial * multiplier^(k-1), max)},
 * then up to {@code jitter * base} added at random, and the result never exceeds {@code max}. So the
 * first attempt waits at least {@code initial} (the note's 3 s), and a crowd of clients that lost the
 * same server does not come back in the same millisecond.
 */
public final class ReconnectBackoff {
    private final long initialMillis;
    private final long maxMillis;
    private final double multiplier;
    private final double jitter;
    private final DoubleSupplier random;

    /** @param random values in [0, 1) */
    public ReconnectBackoff(long initialMillis, long maxMillis, double multiplier, double jitter, DoubleSupplier random) {
        if (initialMillis < 0 || maxMillis < initialMillis || multiplier < 1 || jitter < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max, multiplier >= 1, jitter >= 0");
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.multiplier = multiplier;
        this.jitter = jitter;
        this.random = random;
    }

    public long delayMillis(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt counts from 1, got " + attempt);
        }
        double base = initialMillis;
        for (int i = 1; i < attempt && base < maxMillis; i++) {
            base *= multiplier;
        }
        base = Math.min(base, maxMillis);
        double jittered = base + base * jitter * random.getAsDouble();
        return Math.min((long) jittered, maxMillis);
    }
}
