package heartbeatchat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server the way users meet it: a fresh process for each workload, no warm-up. Exec to the first
 * login answered; memory and the connect-and-login rate over a ramp from the first connection to the
 * largest stage; and the restart storm with that many clients.
 */
final class ColdWorkloads {
    private final Settings settings;
    private final List<InetAddress> sources;

    ColdWorkloads(Settings settings, List<InetAddress> sources) {
        this.settings = settings;
        this.sources = sources;
    }

    private int clients() {
        List<Integer> stages = settings.connectionStages();
        return stages.get(stages.size() - 1);
    }

    /** Exec to the first login answered, {@code runs} times, each a fresh process; milliseconds. */
    Map<String, Object> startup(Target t, int runs) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (t) {
                long exec = System.nanoTime();
                t.launch();
                firstLogin(t, exec);
                millis.add(Math.round((System.nanoTime() - exec) / 1e5) / 10.0);
            }
            Thread.sleep(300);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("execToFirstLoginMillis", Workloads.median(millis));
        out.put("runs", millis);
        System.out.printf("  %s cold: exec to the first login answered %s ms (median of %s)%n", t.name,
                out.get("execToFirstLoginMillis"), millis);
        return out;
    }

    /** Dials every 5 ms until a socket opens, then upgrades it, logs in and waits for the answer. */
    private static void firstLogin(Target t, long exec) throws Exception {
        long deadline = exec + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", t.port), 1_000);
                s.setSoTimeout(30_000);
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + t.port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String head = readHead(in);
                if (!head.startsWith("HTTP/1.1 101")) {
                    throw new IOException(t.name + " refused the upgrade: " + head);
                }
                out.write(maskedText("{\"type\":\"login\",\"socketId\":\"cold\",\"userName\":\"cold\",\"userAvatar\":\"\","
                        + "\"openid\":\"bench-cold-openid-" + exec + "\"}"));
                while (true) {
                    String frame = readText(in);
                    if (frame.startsWith("{\"type\":\"login\"")) {
                        return;
                    }
                }
            } catch (java.net.ConnectException e) {
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException(t.name + " answered no login within 60 s of its start");
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the upgrade");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** The next text frame's payload (frames of other opcodes are skipped). */
    private static String readText(InputStream in) throws IOException {
        while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                throw new IOException("closed before the login answer");
            }
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | in.read();
                }
            }
            byte[] payload = in.readNBytes((int) len);
            if ((b0 & 0x0f) == 1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }

    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("login frame too long for this client");
        }
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    /**
     * A fresh process ramped from no connection to the largest stage: memory per connection is the
     * slope over the whole ramp, the login rate is the ramp's; then idle CPU per heartbeat there.
     */
    Map<String, Object> connections(Target t) throws Exception {
        int n = clients();
        Map<String, Object> out = new LinkedHashMap<>();
        try (t; LoadEngine engine = new LoadEngine()) {
            t.start();
            long rss0 = t.rssBytes();
            long heap0 = t.heapAfterGc();
            Fleet f = new Fleet(engine, new InetSocketAddress("127.0.0.1", t.port), sources, 5_000);
            long start = System.nanoTime();
            f.open(n, 500);
            f.awaitAllLoggedIn(180_000);
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(settings.smoke() ? 200 : 2_000);
            long cpu0 = t.cpuNanos();
            long pongs0 = f.call(() -> f.pongs);
            Thread.sleep(settings.windowSeconds() * 2_000L);
            long cpu1 = t.cpuNanos();
            long pongs1 = f.call(() -> f.pongs);
            long rss1 = t.rssBytes();
            long heap1 = t.heapAfterGc();
            out.put("connections", n);
            out.put("rampSeconds", Workloads.round(seconds));
            out.put("loginsPerSecond", Math.round(n / seconds));
            out.put("rssBytesAtStart", rss0);
            out.put("rssBytes", rss1);
            out.put("heapAfterGcBytesAtStart", heap0);
            out.put("heapAfterGcBytes", heap1);
            out.put("rssBytesPerConnection", Workloads.round((rss1 - rss0) / (double) n));
            out.put("heapBytesPerConnection", Workloads.round((heap1 - heap0) / (double) n));
            out.put("cpuMicrosPerHeartbeat", pongs1 == pongs0 ? null : Workloads.round((cpu1 - cpu0) / 1_000.0 / (pongs1 - pongs0)));
            System.out.printf("  %s cold: 0 -> %d connections in %.2f s (%s logins/s), rss %d -> %d MB (%s bytes each),"
                            + " heap %d -> %d MB (%s bytes each), %s µs CPU/heartbeat%n", t.name, n, seconds, out.get("loginsPerSecond"),
                    rss0 >> 20, rss1 >> 20, out.get("rssBytesPerConnection"), heap0 >> 20, heap1 >> 20,
                    out.get("heapBytesPerConnection"), out.get("cpuMicrosPerHeartbeat"));
            f.abortAll();
        }
        Thread.sleep(1_000);
        return out;
    }

    /** A fresh process with the largest stage connected, killed and started again. */
    Map<String, Object> restartStorm(Target t, Workloads warm) throws Exception {
        try (t) {
            t.start();
            return warm.reconnectStorm(t, clients());
        }
    }
}
