package heartbeatchat.shared.protocol;

import heartbeatchat.shared.time.Clock;

/**
 * A token bucket: up to {@code burst} tokens, refilled at {@code perSecond}. The server limits each
 * connection's frames with it; the client paces its outbox with the same numbers, so an honest
 * client is never limited. Not thread-safe.
 */
public final class TokenBucket {
    private final Clock clock;
    private final double burst;
    private final double perMilli;
    private double tokens;
    private long updatedAt;

    public TokenBucket(Clock clock, int burst, double perSecond) {
        if (burst < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("a bucket needs burst >= 1 and a positive rate");
        }
        this.clock = clock;
        this.burst = burst;
        this.perMilli = perSecond / 1000.0;
        this.tokens = burst;
        this.updatedAt = clock.nowMillis();
    }

    /** Takes a token if there is one. */
    public boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** True when the bucket holds all it can: it has not been drawn on lately. */
    public boolean isFull() {
        refill();
        return tokens >= burst;
    }

    /** Milliseconds until a token is there (0 when one is there now). */
    public long millisUntilToken() {
        refill();
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perMilli);
    }

    private void refill() {
        long now = clock.nowMillis();
        if (now > updatedAt) {
            tokens = Math.min(burst, tokens + (now - updatedAt) * perMilli);
            updatedAt = now;
        }
    }
}
