package heartbeatchat.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A connection that records every frame sent to it, for driving {@link ChatRoom} without sockets. */
final class RecordingConnection implements Connection {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final Deque<String> sent = new ArrayDeque<>();
    final List<String> all = new ArrayList<>();
    Integer closedWith;

    RecordingConnection(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void send(String text) {
        sent.add(text);
        all.add(text);
    }

    @Override
    public synchronized void close(int code, String reason) {
        closedWith = code;
    }

    synchronized String nextRaw() {
        String s = sent.poll();
        assertNotNull(s, id + " received nothing more");
        return s;
    }

    JsonNode next() {
        try {
            return JSON.readTree(nextRaw());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    JsonNode next(String type) {
        JsonNode n = next();
        assertEquals(type, n.path("type").asText(), "frame " + n);
        return n;
    }

    void assertError(String code) {
        JsonNode n = next("error");
        assertEquals(code, n.path("code").asText(), "frame " + n);
        assertTrue(n.path("message").asText().length() > 5, "an error says what is wrong in words");
    }

    synchronized void assertNothingMore() {
        assertTrue(sent.isEmpty(), id + " also received " + sent);
    }
}
