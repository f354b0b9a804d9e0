package heartbeatchat.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import heartbeatchat.server.it.WholeMessageListener;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The design note's mini-program client, method for method and unchanged: on open it sends the
 * login frame and starts the heart check; every frame received restarts it; 5 s after the last
 * frame it sends {@code {"type":"check","data":"ping"}} and closes the socket if nothing arrives
 * within 3 s; on close or error it reconnects after 3 s. Received chat messages are merged into the
 * list. It runs on one thread, as the mini-program does, and its socket answers protocol pings by
 * itself, as every WebSocket does. It counts its opens and closes for the test.
 */
final class NoteClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;
    private final String socketId = System.currentTimeMillis() + "" + Math.random();
    private final String userName;
    private final String openid;

    // loop thread only
    private WebSocket socketTask;
    private ScheduledFuture<?> heartCheckTimer;
    private ScheduledFuture<?> timeoutTimer;
    private ScheduledFuture<?> reConnectTimer;
    private final List<String> messageList = new ArrayList<>();
    private final List<String> closes = new ArrayList<>();
    private int opens;
    private int pingsSent;
    private boolean stopped;

    NoteClient(String url, String userName, String openid) {
        this.url = url;
        this.userName = userName;
        this.openid = openid;
        loop.execute(this::socketConnect);
    }

    int opens() {
        return call(() -> opens);
    }

    List<String> closes() {
        return call(() -> List.copyOf(closes));
    }

    List<String> messageList() {
        return call(() -> List.copyOf(messageList));
    }

    int pingsSent() {
        return call(() -> pingsSent);
    }

    private void socketConnect() {
        if (stopped) {
            return;
        }
        http.newWebSocketBuilder().buildAsync(URI.create(url), new Listener()).whenCompleteAsync((task, failure) -> {
            if (failure != null) {
                closes.add("connect failed: " + failure);
                socketReconnect();
                return;
            }
            socketTask = task;
            handleSocketOpen();
        }, loop);
    }

    private void handleSocketOpen() {
        opens++;
        socketTask.sendText(JSON.createObjectNode().put("type", "login").put("socketId", socketId)
                .put("userName", userName).put("userAvatar", "🐼").put("openid", openid).toString(), true);
        handleStartHeartCheck();
    }

    private void handleSocketMessage(WebSocket from, String data) {
        if (from != socketTask) {
            return;
        }
        JsonNode frame;
        try {
            frame = JSON.readTree(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        if ("message".equals(frame.path("type").asText())) { // not the heart check's answer: chat
            messageList.add(frame.path("data").asText());
        }
        handleStartHeartCheck();
    }

    private void handleSocketClose(WebSocket from, int code) {
        if (from != socketTask) {
            return;
        }
        closes.add(String.valueOf(code));
        socketTask = null;
        socketReconnect();
    }

    private void socketReconnect() {
        cancel(reConnectTimer);
        reConnectTimer = loop.schedule(this::socketConnect, 3, TimeUnit.SECONDS);
    }

    private void handleStartHeartCheck() {
        WebSocket task = socketTask;
        cancel(timeoutTimer);
        cancel(heartCheckTimer);
        heartCheckTimer = loop.schedule(() -> {
            pingsSent++;
            task.sendText("{\"type\":\"check\",\"data\":\"ping\"}", true);
            timeoutTimer = loop.schedule(() -> {
                closes.add("heart check timed out");
                task.abort(); // the note's close(): the socket is done with, whatever the server does
                handleSocketClose(task, 1006);
            }, 3, TimeUnit.SECONDS);
        }, 5, TimeUnit.SECONDS);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private <T> T call(java.util.concurrent.Callable<T> task) {
        try {
            return loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        call(() -> {
            stopped = true;
            if (socketTask != null) {
                socketTask.abort();
            }
            return null;
        });
        loop.shutdownNow();
    }

    private final class Listener extends WholeMessageListener {
        @Override
        protected void onMessage(WebSocket ws, String text) {
            loop.execute(() -> handleSocketMessage(ws, text));
        }

        @Override
        protected void onGone(WebSocket ws, int code) {
            loop.execute(() -> handleSocketClose(ws, code));
        }
    }
}
