package heartbeatchat.bench;

import heartbeatchat.shared.connection.ReconnectBackoff;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A population of chat clients on one {@link LoadEngine}: each logs in, pings every few seconds
 * (the note's heartbeat) and counts what it receives. Pong round trips and message latencies go
 * into HdrHistogram recorders; everything else is counted on the engine thread.
 */
final class Fleet implements LoadEngine.Handler {
    private static final byte[] PONG = "{\"type\":\"check\",\"data\":\"pong\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LOGIN = "{\"type\":\"login\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "{\"type\":\"message\"".getBytes(StandardCharsets.US_ASCII);
    private static final BytePattern DATA = new BytePattern("\"data\":\"");
    private static final byte[] ROOM_FRAME = "{\"type\":\"room\",".getBytes(StandardCharsets.US_ASCII);
    private static final BytePattern ROOM_ID = new BytePattern("\"room\":\"");
    private static final String PING = "{\"type\":\"check\",\"data\":\"ping\"}";

    final Recorder pongMicros = new Recorder(3);
    final Recorder latencyMicros = new Recorder(3);
    /** From dialling to the login reply, per client that logs in. */
    final Recorder loginMicros = new Recorder(3);

    private final LoadEngine engine;
    private final InetSocketAddress server;
    private final List<InetAddress> sources;
    private final long heartbeatMillis;
    private final String runId = Long.toString(System.nanoTime(), 36);
    private final List<Client> clients = new ArrayList<>();
    private final ReconnectBackoff backoff = new ReconnectBackoff(3_000, 30_000, 2, 0.3,
            () -> ThreadLocalRandom.current().nextDouble());

    // engine thread only
    private int handshakesInFlight;
    private int toOpen;
    private int concurrency;
    private boolean reconnecting;
    long loggedIn;
    long logins;
    long deliveries;
    long pongs;
    long closes;
    long connectAttempts;
    /** {@code room} frames received: answers to createRoom and joinRoom. */
    long roomReplies;
    /** Log in as a client that knows rooms. */
    private boolean withRooms;
    /** Connection attempts per 100 ms since {@link #startCountingAttempts}. */
    private long[] attemptBuckets = new long[0];
    private long attemptsSince;

    Fleet(LoadEngine engine, InetSocketAddress server, List<InetAddress> sources, long heartbeatMillis) {
        this.engine = engine;
        this.server = server;
        this.sources = sources;
        this.heartbeatMillis = heartbeatMillis;
    }

    private final class Client {
        final int index;
        LoadEngine.Conn conn;
        boolean loggedIn;
        long pingSentAt = -1;
        long dialledAt;
        int attempt;
        /** The room this client is in (besides the lobby), from the server's {@code room} frame. */
        String room;

        Client(int index) {
            this.index = index;
        }
    }

    /** Runs on the engine thread and waits for the answer. */
    <T> T call(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        engine.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds {@code count} clients, at most {@code concurrency} handshakes at a time. */
    void open(int count, int concurrency) {
        call(() -> {
            this.toOpen += count;
            this.concurrency = concurrency;
            pump();
            return null;
        });
    }

    /** Waits until every client is logged in. */
    void awaitAllLoggedIn(long timeoutMillis) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeoutMillis * 1_000_000) {
            if (call(() -> loggedIn == clients.size() && toOpen == 0)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("not all clients logged in: " + call(() -> loggedIn) + " of " + call(clients::size));
    }

    int size() {
        return call(clients::size);
    }

    private void pump() {
        while (toOpen > 0 && handshakesInFlight < concurrency) {
            toOpen--;
            Client c = new Client(clients.size());
            clients.add(c);
            dial(c);
        }
    }

    private void dial(Client c) {
        handshakesInFlight++;
        connectAttempts++;
        c.dialledAt = System.nanoTime();
        countAttempt();
        InetAddress source = sources.get(c.index % sources.size());
        c.conn = engine.connect(source, server, "/ws", this);
        c.conn.attachment = c;
    }

    private void countAttempt() {
        if (attemptBuckets.length > 0) {
            int bucket = (int) ((System.nanoTime() - attemptsSince) / 100_000_000L);
            if (bucket >= 0 && bucket < attemptBuckets.length) {
                attemptBuckets[bucket]++;
            }
        }
    }

    /** From now on, count connection attempts per 100 ms, for {@code seconds}. */
    void startCountingAttempts(int seconds) {
        call(() -> {
            attemptBuckets = new long[seconds * 10];
            attemptsSince = System.nanoTime();
            return null;
        });
    }

    long peakAttemptsPer100ms() {
        return call(() -> {
            long max = 0;
            for (long b : attemptBuckets) {
                max = Math.max(max, b);
            }
            return max;
        });
    }

    /** After a close, reconnect with the product's backoff (3 s, doubling to 30 s, 30 % jitter). */
    void reconnectOnClose(boolean on) {
        call(() -> reconnecting = on);
    }

    @Override
    public void onOpen(LoadEngine.Conn conn) {
        Client c = (Client) conn.attachment;
        conn.send("{\"type\":\"login\",\"socketId\":\"s" + c.index + "\",\"userName\":\"load" + c.index
                + "\",\"userAvatar\":\"🤖\",\"openid\":\"bench-openid-" + runId + "-" + c.index + "\""
                + (withRooms ? ",\"rooms\":{}}" : "}"));
    }

    @Override
    public void onText(LoadEngine.Conn conn, byte[] frame, int offset, int length, long receivedAt) {
        Client c = (Client) conn.attachment;
        int end = offset + length;
        if (length == PONG.length && startsWith(frame, offset, end, PONG)) {
            pongs++;
            if (c.pingSentAt >= 0) {
                pongMicros.recordValue(Math.max(1, (receivedAt - c.pingSentAt) / 1_000));
                c.pingSentAt = -1;
            }
        } else if (startsWith(frame, offset, end, MESSAGE)) {
            deliveries++;
            // data is the last field of both servers' messages, after the sender's name and id
            int at = DATA.lastIndexIn(frame, offset, end);
            if (at >= 0) {
                long sentAt = parseLong(frame, at + DATA.length(), end);
                if (sentAt > 0) {
                    latencyMicros.recordValue(Math.max(1, (receivedAt - sentAt) / 1_000));
                }
            }
        } else if (startsWith(frame, offset, end, ROOM_FRAME)) {
            int at = ROOM_ID.indexIn(frame, offset + ROOM_FRAME.length, end);
            if (at >= 0) {
                int from = at + ROOM_ID.length();
                int to = from;
                while (to < end && frame[to] != '"') {
                    to++;
                }
                c.room = new String(frame, from, to - from, StandardCharsets.UTF_8);
                roomReplies++;
            }
        } else if (!c.loggedIn && startsWith(frame, offset, end, LOGIN)) {
            c.loggedIn = true;
            c.attempt = 0;
            loginMicros.recordValue(Math.max(1, (receivedAt - c.dialledAt) / 1_000));
            loggedIn++;
            logins++;
            handshakesInFlight--;
            pump();
            long phase = ThreadLocalRandom.current().nextLong(heartbeatMillis);
            LoadEngine.Conn mine = conn;
            engine.schedule(() -> heartbeat(c, mine), phase);
        }
    }

    private void heartbeat(Client c, LoadEngine.Conn conn) {
        if (c.conn != conn || !conn.isOpen()) {
            return;
        }
        c.pingSentAt = System.nanoTime();
        conn.send(PING);
        engine.schedule(() -> heartbeat(c, conn), heartbeatMillis);
    }

    @Override
    public void onClosed(LoadEngine.Conn conn, int code) {
        Client c = (Client) conn.attachment;
        if (c.conn != conn) {
            return;
        }
        closes++;
        if (c.loggedIn) {
            c.loggedIn = false;
            loggedIn--;
        } else {
            handshakesInFlight--;
        }
        if (reconnecting) {
            c.attempt++;
            engine.schedule(() -> {
                if (reconnecting && !c.loggedIn && c.conn == conn) {
                    dial(c);
                }
            }, backoff.delayMillis(c.attempt));
        } else {
            pump();
        }
    }

    /**
     * Sends a chat message from client {@code index}, to its room when it is in one; its data starts
     * with the send time for latency.
     */
    void sendTimestamped(int index, String padding) {
        Client c = clients.get(index);
        if (c.loggedIn) {
            c.conn.send("{\"type\":\"message\"" + (c.room == null ? "" : ",\"room\":\"" + c.room + "\"")
                    + ",\"data\":\"" + System.nanoTime() + " " + padding + "\"}");
        }
    }

    /** Clients opened from now on log in as clients that know rooms. */
    void logInWithRooms() {
        call(() -> withRooms = true);
    }

    /**
     * Puts the clients in rooms of {@code size}: the first of each group creates the room, then the
     * others join it by the id the server gave. Waits for every answer.
     */
    void formRooms(int size, long timeoutMillis) throws InterruptedException {
        int n = size();
        int groups = n / size;
        call(() -> {
            for (int g = 0; g < groups; g++) {
                clients.get(g * size).conn.send("{\"type\":\"createRoom\",\"name\":\"bench-" + g + "\"}");
            }
            return null;
        });
        awaitRoomReplies(groups, timeoutMillis);
        call(() -> {
            for (int g = 0; g < groups; g++) {
                String id = clients.get(g * size).room;
                for (int k = 1; k < size; k++) {
                    clients.get(g * size + k).conn.send("{\"type\":\"joinRoom\",\"room\":\"" + id + "\"}");
                }
            }
            return null;
        });
        awaitRoomReplies((long) groups * size, timeoutMillis);
    }

    private void awaitRoomReplies(long expected, long timeoutMillis) throws InterruptedException {
        long start = System.nanoTime();
        while (call(() -> roomReplies) < expected) {
            if (System.nanoTime() - start > timeoutMillis * 1_000_000) {
                throw new IllegalStateException("rooms not formed: " + call(() -> roomReplies) + " of " + expected + " answers");
            }
            Thread.sleep(5);
        }
    }

    /** Drops every connection at once. */
    void abortAll() {
        call(() -> {
            reconnecting = false;
            toOpen = 0;
            for (Client c : clients) {
                c.conn.abort();
                c.loggedIn = false;
            }
            clients.clear();
            loggedIn = 0;
            handshakesInFlight = 0;
            return null;
        });
    }

    /** A copy of a recorder's histogram since the last call. */
    static Histogram interval(Recorder r) {
        return r.getIntervalHistogram();
    }

    private static boolean startsWith(byte[] b, int from, int end, byte[] prefix) {
        if (end - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static long parseLong(byte[] b, int from, int end) {
        long v = 0;
        int i = from;
        for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return i == from ? -1 : v;
    }
}
