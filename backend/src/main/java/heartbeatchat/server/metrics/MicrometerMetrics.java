package heartbeatchat.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * {@link Metrics} in a Micrometer registry, written out in Prometheus' text format by {@link #scrape}
 * for {@code GET /metrics}. Every meter carries the tag {@code node}, so the servers of a cluster can
 * be told apart once one Prometheus scrapes them all. Timers publish a histogram, so percentiles can
 * be taken across nodes. The JVM's own meters (memory, collections, threads, CPU) are bound at the
 * first scrape, not at start: binding them loads the JMX beans, a tenth of a second of a cold start
 * (docs/bench/PROFILE.md, section 9); collections are counted from that scrape on.
 */
public final class MicrometerMetrics implements Metrics {
    /** The content type of {@link #scrape}'s answer. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter logins;
    private final Counter stored;
    private final Timer commits;
    private final Counter deliveries;
    private final Timer fanOutLag;
    private final Timer heartbeat;
    private final Counter gapFills;
    private final Counter rateLimited;
    private final Counter slowConsumers;
    private boolean jvmMetersBound;

    public MicrometerMetrics(String node) {
        registry.config().commonTags("node", node);
        logins = Counter.builder("chat.logins").description("logins accepted").register(registry);
        stored = Counter.builder("chat.messages.stored").description("new messages committed to the store").register(registry);
        commits = timer("chat.store.commit", "time to commit one batch of messages to the store");
        deliveries = Counter.builder("chat.deliveries").description("message frames queued for connections").register(registry);
        fanOutLag = timer("chat.fanout.lag", "from a message's arrival to its frames handed to every recipient's socket");
        heartbeat = timer("chat.heartbeat.rtt", "from a protocol ping the server sent to its pong");
        gapFills = Counter.builder("chat.gap.fills").description("messages fetched from the store to fill a gap in a room's sequence")
                .register(registry);
        rateLimited = Counter.builder("chat.rate.limited").description("frames refused or connections closed over the rate limit")
                .register(registry);
        slowConsumers = Counter.builder("chat.slow.consumer.cuts").description("connections cut off as slow consumers (4003)")
                .register(registry);
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    @Override
    public void connections(IntSupplier open) {
        Gauge.builder("chat.connections", open, IntSupplier::getAsInt).description("open WebSocket connections")
                .strongReference(true) // the supplier is a lambda nobody else holds
                .register(registry);
    }

    @Override
    public void loggedIn() {
        logins.increment();
    }

    @Override
    public void stored(int messages, long nanos) {
        stored.increment(messages);
        commits.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void delivered(long frames) {
        deliveries.increment(frames);
    }

    @Override
    public void fanOutLag(long millis) {
        fanOutLag.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void heartbeatRoundTrip(long millis) {
        heartbeat.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void gapFilled(long messages) {
        gapFills.increment(messages);
    }

    @Override
    public void rateLimited() {
        rateLimited.increment();
    }

    @Override
    public void slowConsumerCut() {
        slowConsumers.increment();
    }

    /** Every meter in Prometheus' text format. */
    public synchronized String scrape() {
        if (!jvmMetersBound) {
            jvmMetersBound = true;
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
        }
        return registry.scrape();
    }
}
