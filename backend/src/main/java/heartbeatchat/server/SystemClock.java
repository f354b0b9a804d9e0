package heartbeatchat.server;

import heartbeatchat.shared.time.Clock;

/** Monotonic milliseconds from {@link System#nanoTime()}. */
public final class SystemClock implements Clock {
    @Override
    public long nowMillis() {
        return System.nanoTime() / 1_000_000;
    }
}
