package heartbeatchat.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The training run behind the server's class-data archive: the build runs it once with
 * {@code -XX:ArchiveClassesAtExit=heartbeat-chat.jsa}, and {@code bin/heartbeat-chat} starts the
 * server with that archive, so the classes a start and the first logins need are mapped from it
 * rather than found, read and verified from the jar one by one (docs/bench/PROFILE.md, section 9).
 * It starts a server on a free loopback port with SQLite in a temporary directory, loads the page,
 * logs in two clients over WebSockets, sends a message, answers a heartbeat, leaves, and stops the server.
 */
public final class ArchiveTraining {
    private ArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("heartbeat-chat-training-");
        try {
            ChatServer server = ChatServer.start(ServerOptions.parse(
                    new String[] {"--host", "127.0.0.1", "--port", "0", "--data", data.toString()}, Map.of()));
            try {
                train(server.port());
            } finally {
                server.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0); // the archive is written now, not after the HTTP client's threads time out
    }

    private static void train(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"/", "/js/chat.js", "/style.css", "/health", "/ready"}) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            require(r.statusCode() == 200, "GET " + path + " answered " + r.statusCode());
        }
        Client ann = new Client(http, port, "ann");
        Client bob = new Client(http, port, "bob");
        ann.send("{\"type\":\"message\",\"data\":\"hello\",\"clientMsgId\":\"training-1\"}");
        ann.await("\"hello\"");
        bob.await("\"hello\"");
        bob.send("{\"type\":\"check\",\"data\":\"ping\"}");
        bob.await("pong");
        ann.close();
        bob.await("\"leave\"");
        bob.close();
    }

    /** A WebSocket client that logs in and keeps every text frame it gets. */
    private static final class Client implements WebSocket.Listener {
        private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Client(HttpClient http, int port, String name) throws Exception {
            socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), this)
                    .get(10, TimeUnit.SECONDS);
            send("{\"type\":\"login\",\"socketId\":\"" + name + "-socket\",\"userName\":\"" + name
                    + "\",\"userAvatar\":\"\",\"openid\":\"training-openid-" + name + "\"}");
            await("\"login\"");
        }

        void send(String text) throws Exception {
            socket.sendText(text, true).get(10, TimeUnit.SECONDS);
        }

        void await(String part) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String frame = frames.poll(100, TimeUnit.MILLISECONDS);
                if (frame != null && frame.contains(part)) {
                    return;
                }
            }
            throw new IllegalStateException("no frame with " + part + " within 10 s");
        }

        void close() throws Exception {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException(problem);
        }
    }
}
