package heartbeatchat.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import heartbeatchat.server.it.WholeMessageListener;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A non-browser client that follows the same delivery rules as the page: resume with lastSeq,
 * an outbox of unconfirmed messages sent after each login, reconnect on any close. Everything runs
 * on one thread, like a browser's event loop.
 */
final class ScriptedChatClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;
    private final String openid;
    private final String name;

    // loop thread only
    private final Map<String, String> outbox = new LinkedHashMap<>();
    private final List<Long> shownSeqs = new ArrayList<>();
    private final List<String> shownTexts = new ArrayList<>();
    private final List<String> sent = new ArrayList<>();
    private WebSocket socket;
    private boolean loggedIn;
    private long lastSeq = -1;
    private String epoch;
    private String myUserId;
    private boolean closed;
    private int counter;

    ScriptedChatClient(String url, String openid, String name) {
        this.url = url;
        this.openid = openid;
        this.name = name;
        loop.execute(this::connect);
    }

    /** Types the next numbered message; it waits in the outbox until confirmed. */
    String sendNext() {
        return call(() -> {
            String text = name + "-" + (++counter);
            String id = "bot-" + counter;
            outbox.put(id, text);
            sent.add(text);
            if (loggedIn) {
                send(id, text);
            }
            return text;
        });
    }

    int outboxSize() {
        return call(outbox::size);
    }

    List<Long> shownSeqs() {
        return call(() -> List.copyOf(shownSeqs));
    }

    List<String> shownTexts() {
        return call(() -> List.copyOf(shownTexts));
    }

    List<String> sent() {
        return call(() -> List.copyOf(sent));
    }

    private <T> T call(java.util.concurrent.Callable<T> task) {
        try {
            return loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3)).buildAsync(URI.create(url), new Listener())
                .whenCompleteAsync((ws, failure) -> {
                    if (failure != null) {
                        loop.schedule(this::connect, 500, TimeUnit.MILLISECONDS);
                        return;
                    }
                    socket = ws;
                    ObjectNode login = JSON.createObjectNode().put("type", "login").put("userName", name)
                            .put("userAvatar", "🤖").put("openid", openid);
                    if (lastSeq >= 0) {
                        login.put("lastSeq", lastSeq).put("epoch", epoch);
                    }
                    ws.sendText(login.toString(), true);
                }, loop);
    }

    private void send(String id, String text) {
        socket.sendText(JSON.createObjectNode().put("type", "message").put("data", text).put("clientMsgId", id)
                .toString(), true);
    }

    private void onFrame(WebSocket from, String text) {
        if (from != socket) {
            return;
        }
        JsonNode f;
        try {
            f = JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        switch (f.path("type").asText()) {
            case "login" -> {
                myUserId = f.path("userId").asText();
                if (!f.path("epoch").asText().equals(epoch)) {
                    epoch = f.path("epoch").asText();
                }
                f.path("history").forEach(this::show);
                loggedIn = true;
                outbox.forEach(this::send);
            }
            case "message" -> show(f);
            case "error" -> {
                if (f.has("clientMsgId") && loggedIn) { // store unavailable or rate limited: try again soon
                    String id = f.path("clientMsgId").asText();
                    loop.schedule(() -> {
                        if (loggedIn && outbox.containsKey(id)) {
                            send(id, outbox.get(id));
                        }
                    }, 1, TimeUnit.SECONDS);
                }
            }
            default -> {
            }
        }
    }

    private void show(JsonNode m) {
        if (myUserId.equals(m.path("userId").asText()) && m.has("clientMsgId")) {
            outbox.remove(m.path("clientMsgId").asText());
        }
        long seq = m.path("seq").asLong();
        if (seq > lastSeq) {
            lastSeq = seq;
            shownSeqs.add(seq);
            shownTexts.add(m.path("data").asText());
        }
    }

    private void onGone(WebSocket from) {
        if (from == socket) {
            socket = null;
            loggedIn = false;
            loop.schedule(this::connect, 500, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        call(() -> {
            closed = true;
            if (socket != null) {
                socket.abort();
            }
            return null;
        });
        loop.shutdownNow();
    }

    private final class Listener extends WholeMessageListener {
        @Override
        protected void onMessage(WebSocket ws, String frame) {
            loop.execute(() -> onFrame(ws, frame));
        }

        @Override
        protected void onGone(WebSocket ws, int code) {
            loop.execute(() -> ScriptedChatClient.this.onGone(ws));
        }
    }
}
