package heartbeatchat.shared.testing;

import heartbeatchat.shared.time.Cancellable;
import heartbeatchat.shared.time.Clock;
import heartbeatchat.shared.time.Scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Time that moves only when a test says so. Tasks run inside {@link #advance}, in order of their due
 * time (then of scheduling), each one seeing {@link #nowMillis()} equal to its due time.
 */
public final class FakeClock implements Clock, Scheduler {
    private long now;
    private long nextId;
    private final List<Task> tasks = new ArrayList<>();

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayMillis) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("negative delay " + delayMillis);
        }
        Task t = new Task(now + delayMillis, nextId++, task);
        tasks.add(t);
        return () -> {
            synchronized (FakeClock.this) {
                tasks.remove(t);
            }
        };
    }

    /** Moves time forward, running every task that falls due on the way. */
    public void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream()
                        .filter(t -> t.due <= target)
                        .min(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.id))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                now = Math.max(now, next.due);
            }
            next.run.run();
        }
    }

    /** Moves time forward without running anything: a frozen tab whose timers have not fired yet. */
    public synchronized void jump(long millis) {
        now += millis;
    }

    /** Runs the tasks that are due now (after a {@link #jump}), as a thawed browser would. */
    public void runDue() {
        advance(0);
    }

    /** Delays, from now, of the tasks still waiting, soonest first. */
    public synchronized List<Long> pendingDelays() {
        return tasks.stream().map(t -> t.due - now).sorted().toList();
    }

    private record Task(long due, long id, Runnable run) {
    }
}
