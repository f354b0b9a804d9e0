package heartbeatchat.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A real WebSocket client ({@code java.net.http}) that queues what it receives for the test to check. */
public final class WsClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final List<String> everything = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(String url, String origin) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        socket = builder.buildAsync(URI.create(url), new Listener()).join();
    }

    public static WsClient connect(String url) {
        return new WsClient(url, null);
    }

    /** Connects as a browser page from {@code origin} would; a refused upgrade throws. */
    public static WsClient connectFrom(String url, String origin) {
        return new WsClient(url, origin);
    }

    public static String login(String openid, String name) {
        return "{\"type\":\"login\",\"socketId\":\"" + System.nanoTime() + "\",\"userName\":\"" + name
                + "\",\"userAvatar\":\"🐼\",\"openid\":\"" + openid + "\"}";
    }

    public static String message(String text) {
        return "{\"type\":\"message\",\"data\":\"" + text + "\"}";
    }

    public static String message(String text, String clientMsgId) {
        return "{\"type\":\"message\",\"data\":\"" + text + "\",\"clientMsgId\":\"" + clientMsgId + "\"}";
    }

    /** A login that resumes after {@code lastSeq} of {@code epoch}. */
    public static String resume(String openid, String name, long lastSeq, String epoch) {
        return "{\"type\":\"login\",\"userName\":\"" + name + "\",\"openid\":\"" + openid + "\",\"lastSeq\":"
                + lastSeq + ",\"epoch\":\"" + epoch + "\"}";
    }

    public WsClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** Sends a login and returns the reply. */
    public JsonNode logIn(String openid, String name) {
        send(login(openid, name));
        return next("login");
    }

    public String nextRaw() {
        try {
            String s = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(s, "no frame within " + WAIT);
            return s;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next frame, which must be of the given type. */
    public JsonNode next(String type) {
        JsonNode n = parse(nextRaw());
        assertEquals(type, n.path("type").asText(), "unexpected frame " + n);
        return n;
    }

    /** Skips frames of other types until one of the given type arrives. */
    public JsonNode nextOfType(String type) {
        while (true) {
            JsonNode n = parse(nextRaw());
            if (type.equals(n.path("type").asText())) {
                return n;
            }
        }
    }

    public void assertNoFrameWithin(Duration d) throws InterruptedException {
        String f = frames.poll(d.toMillis(), TimeUnit.MILLISECONDS);
        assertNull(f, "unexpected frame " + f);
    }

    /** Sends a ping and returns every frame that came before its pong. */
    public List<JsonNode> pingAndCollect() {
        send(heartbeatchat.shared.protocol.Wire.PING_FRAME);
        List<JsonNode> before = new ArrayList<>();
        while (true) {
            String raw = nextRaw();
            if (heartbeatchat.shared.protocol.Wire.isPong(raw)) {
                return before;
            }
            before.add(parse(raw));
        }
    }

    /** The close code the server sent (or 1006 when the connection just broke). */
    public int awaitClose(Duration d) {
        return closed.orTimeout(d.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public List<String> everything() {
        synchronized (everything) {
            return List.copyOf(everything);
        }
    }

    static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(1000, "bye").exceptionally(e -> null);
            socket.abort();
        }
    }

    private final class Listener extends WholeMessageListener {
        @Override
        protected void onMessage(WebSocket ws, String frame) {
            synchronized (everything) {
                everything.add(frame);
            }
            frames.add(frame);
        }

        @Override
        protected void onGone(WebSocket ws, int code) {
            closed.complete(code);
        }
    }
}
