package heartbeatchat.server;

import heartbeatchat.shared.time.Cancellable;
import heartbeatchat.shared.time.Scheduler;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The shared {@link Scheduler} port over one daemon thread. */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chat-timer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        ScheduledFuture<?> f = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
