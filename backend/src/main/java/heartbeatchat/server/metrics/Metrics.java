package heartbeatchat.server.metrics;

import java.util.function.IntSupplier;

/**
 * What the server counts and times, for {@code /metrics}: the chat reports events here and never
 * learns how they are kept. {@link #NONE} keeps nothing (the unit tests'); {@link MicrometerMetrics}
 * keeps them in Micrometer for Prometheus.
 */
public interface Metrics {
    /** The open connections, read when metrics are scraped. */
    void connections(IntSupplier open);

    /** A login was accepted. */
    void loggedIn();

    /** A batch of {@code messages} new messages was committed to the store in {@code nanos}. */
    void stored(int messages, long nanos);

    /** Message frames queued for connections (one per recipient connection). */
    void delivered(long frames);

    /** From a message's arrival at the server to its frames handed to every recipient's socket. */
    void fanOutLag(long millis);

    /** From a protocol ping the server sent to its pong. */
    void heartbeatRoundTrip(long millis);

    /** Messages a node fetched from the store to fill a gap in a room's sequence. */
    void gapFilled(long messages);

    /** A frame refused with {@code rate_limited}, or a connection closed for going on over the limit. */
    void rateLimited();

    /** A connection cut off as a slow consumer (4003). */
    void slowConsumerCut();

    Metrics NONE = new Metrics() {
        @Override
        public void connections(IntSupplier open) {
        }

        @Override
        public void loggedIn() {
        }

        @Override
        public void stored(int messages, long nanos) {
        }

        @Override
        public void delivered(long frames) {
        }

        @Override
        public void fanOutLag(long millis) {
        }

        @Override
        public void heartbeatRoundTrip(long millis) {
        }

        @Override
        public void gapFilled(long messages) {
        }

        @Override
        public void rateLimited() {
        }

        @Override
        public void slowConsumerCut() {
        }
    };
}
