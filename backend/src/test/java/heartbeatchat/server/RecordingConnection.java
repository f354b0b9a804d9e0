package heartbeatchat.server;

import com.fasterxml.jackson.databind.JsonNode;
import heartbeatchat.server.transport.Connection;
import heartbeatchat.server.transport.FrameRun;
import heartbeatchat.server.transport.SharedFrame;
import heartbeatchat.server.transport.WireFrames;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection that records every frame sent to it, for driving {@link ChatRoom} without sockets.
 * Broadcasts come from the store's writer thread, so reads wait up to five seconds for a frame.
 */
final class RecordingConnection implements Connection {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final LinkedBlockingQueue<String> sent = new LinkedBlockingQueue<>();
    final List<String> all = Collections.synchronizedList(new ArrayList<>());
    volatile Integer closedWith;
    /** Frame types that {@link #next()} and {@link #assertNothingMore()} pass over (presence, in tests of other things). */
    volatile java.util.Set<String> ignoredTypes = java.util.Set.of();
    /** Protocol pings sent; the test answers them with {@code room.onPong} or lets them go unanswered. */
    volatile int pings;

    RecordingConnection(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void send(String text) {
        all.add(text);
        sent.add(text);
    }

    @Override
    public void send(SharedFrame frame) {
        send(frame.text());
    }

    @Override
    public void queue(SharedFrame frame) {
        send(frame.text());
    }

    /** A run's frames as they would go on the wire, read back frame by frame. */
    @Override
    public void queue(FrameRun run) {
        java.nio.ByteBuffer wire = run.wire();
        byte[] bytes = new byte[wire.remaining()];
        wire.get(bytes);
        WireFrames.texts(bytes).forEach(this::send);
    }

    @Override
    public void flush() {
    }

    @Override
    public void ping() {
        pings++;
    }

    @Override
    public void close(int code, String reason) {
        if (closedWith == null) {
            closedWith = code;
        }
    }

    String nextRaw() {
        try {
            String s = sent.poll(5, TimeUnit.SECONDS);
            assertNotNull(s, id + " received nothing more");
            return s;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    JsonNode next() {
        while (true) {
            JsonNode n;
            try {
                n = JSON.readTree(nextRaw());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            if (!ignoredTypes.contains(n.path("type").asText())) {
                return n;
            }
        }
    }

    JsonNode next(String type) {
        JsonNode n = next();
        assertEquals(type, n.path("type").asText(), "frame " + n);
        return n;
    }

    /** Skips frames of other types (presence) until one of this type arrives. */
    JsonNode nextOfType(String type) {
        while (true) {
            JsonNode n = next();
            if (type.equals(n.path("type").asText())) {
                return n;
            }
        }
    }

    JsonNode assertError(String code) {
        JsonNode n = next("error");
        assertEquals(code, n.path("code").asText(), "frame " + n);
        assertTrue(n.path("message").asText().length() > 5, "an error says what is wrong in words");
        return n;
    }

    /** Nothing is queued now; call it after the frames that were due have been consumed. */
    void assertNothingMore() {
        sent.removeIf(s -> ignoredTypes.stream().anyMatch(t -> s.startsWith("{\"type\":\"" + t + "\"")));
        assertTrue(sent.isEmpty(), id + " also received " + sent);
    }
}
