package heartbeatchat.server.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A burst of connects, then a burst of closes, each released at once on a server that was frozen
 * (SIGSTOP) while they arrived, the way a reconnect storm meets a busy server. Accepting a connection
 * makes its endpoint on the selector thread, so the connects start no pool thread; the closes' clean-up
 * jobs wait for at most 32 pool threads (Jetty's default let the pool grow to 250 and keep them for a
 * minute). The server runs on one core, where Jetty's default found no idle thread for most of the
 * jobs; threads are counted by name from {@code /proc/<pid>/task} (Linux).
 */
class ThreadPoolBurstIT {
    private static final int BURST = 2_000;
    private static final int MAX_POOL_THREADS = 32;

    @Test
    void burstsOfConnectsAndClosesDoNotGrowJettysPool() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(0, "--max-connections-per-address", "5000")) {
            awaitOpenConnections(server, 0); // started, and the page's routes answered once
            onOneCore(server.pid());
            int before = poolThreads(server.pid());
            server.pause();
            try {
                for (int i = 0; i < BURST; i++) {
                    Socket s = new Socket();
                    sockets.add(s);
                    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                    s.setSoTimeout(30_000);
                    s.getOutputStream().write(upgrade(server.port()));
                }
            } finally {
                server.resume();
            }
            for (Socket s : sockets) {
                String head = readHead(s.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 101"), head);
            }
            awaitOpenConnections(server, BURST);
            int afterConnects = poolThreads(server.pid());
            assertEquals(before, afterConnects, "pool threads before the " + BURST + " connects and after them");

            server.pause();
            try {
                for (Socket s : sockets) {
                    s.setSoLinger(true, 0); // a reset: the connection is gone at once, as on a dead network
                    s.close();
                }
            } finally {
                server.resume();
            }
            awaitOpenConnections(server, 0);
            int afterCloses = poolThreads(server.pid());
            assertTrue(afterCloses <= MAX_POOL_THREADS, afterCloses + " pool threads after " + BURST + " closes");
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** Every thread of the process on core 0, as the benchmark runs it: there the bursts found no idle thread. */
    private static void onOneCore(long pid) throws Exception {
        Process taskset = new ProcessBuilder("taskset", "--all-tasks", "--cpu-list", "--pid", "0", Long.toString(pid))
                .redirectErrorStream(true).start();
        String out = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, taskset.waitFor(), "taskset: " + out);
    }

    private static void awaitOpenConnections(ServerProcess server, int expected) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        double open = -1;
        while (System.nanoTime() < deadline) {
            open = Http.sample(Http.get(server.httpUrl() + "metrics").body(), "chat_connections");
            if (open == expected) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("open connections: " + open + ", expected " + expected);
    }

    /** Threads of Jetty's pool ({@code JettyServerThreadPool-N}, cut to 15 characters by the kernel). */
    private static int poolThreads(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return (int) tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).startsWith("JettyServerThre");
                } catch (IOException ended) {
                    return false; // the thread ended while we looked
                }
            }).count();
        }
    }

    private static byte[] upgrade(int port) {
        return ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the upgrade: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
