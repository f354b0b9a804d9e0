package heartbeatchat.client;

import heartbeatchat.shared.time.Cancellable;
import heartbeatchat.shared.time.Clock;
import heartbeatchat.shared.time.Scheduler;
import org.teavm.jso.browser.Performance;
import org.teavm.jso.browser.Window;

/** The shared time ports over {@code performance.now()} (monotonic) and {@code window.setTimeout}. */
final class BrowserTime implements Clock, Scheduler {
    @Override
    public long nowMillis() {
        return (long) Performance.now();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        int handle = Window.setTimeout(task::run, (double) delayMillis);
        return () -> Window.clearTimeout(handle);
    }
}
