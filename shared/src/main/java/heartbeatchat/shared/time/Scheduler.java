package heartbeatchat.shared.time;

/**
 * Runs a task once after a delay. TeaVM has no {@code ScheduledExecutorService}, so each side
 * implements this: the browser over {@code window.setTimeout}, the server over an executor, the
 * tests over a fake clock that only moves when told to.
 *
 * <p>Timers may fire late (browsers throttle background tabs), so callers check the clock when a
 * task runs instead of trusting that the delay has passed exactly.
 */
public interface Scheduler {
    Cancellable schedule(Runnable task, long delayMillis);
}
