package heartbeatchat.shared.time;

/** A monotonic source of milliseconds. Only differences between readings mean anything. */
public interface Clock {
    long nowMillis();
}
