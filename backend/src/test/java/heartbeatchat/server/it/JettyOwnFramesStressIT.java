package heartbeatchat.server.it;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our socket writer puts frames on the wire beside Jetty, which still writes frames of its own: the
 * pong to a ping, the close answering a client's close, and the close on a protocol error (an
 * unmasked frame, a message over 64 KiB, text that is not UTF-8, a binary frame). A byte of ours in
 * the middle of one of Jetty's frames would corrupt that client's stream. Here a thousand clients
 * that check every byte they get receive a fast broadcast while, at random moments, half of them make
 * Jetty write its frames; every round each stream must be well formed, nothing may follow a close
 * frame, every client must have every broadcast it got whole and in order (all of them unless it was
 * closed), every ping its pong, every close its code. (Jetty's idle timeout is not among them: it is
 * a backstop at twice the room's and ten seconds more, and the room closes an idle connection itself,
 * through our writer, first.) Five rounds on plain connections, two over TLS.
 */
class JettyOwnFramesStressIT {
    private static final int ROUNDS = 5;
    private static final int TLS_ROUNDS = 2;
    private static final int CLIENTS = 1_000;
    private static final int MESSAGES = 300;
    private static final long SEND_EVERY_NANOS = 10_000_000; // 100 messages a second to 1,001 members
    private static final int PINGS = 5;

    /** What a disturbed client does, and the close code it must get (0: none, it stays). */
    private enum Disturbance {
        CLOSE(1000), UNMASKED(1002), TOO_LARGE(1009), NOT_UTF8(1007), BINARY(1003), PINGS(0), NONE(0);

        final int closeCode;

        Disturbance(int closeCode) {
            this.closeCode = closeCode;
        }

        static Disturbance of(int client) {
            int k = client % 10;
            return k < 6 ? values()[k] : NONE;
        }
    }

    @Test
    void jettysOwnFramesNeverMeetOursMidFrame() throws Exception {
        stress(ROUNDS, null);
    }

    /** The same over TLS, where the frames are encrypted on their way through the one writer. */
    @Test
    void norOverTls() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("chat.targetDir", "target"), "tls")),
                "stress-");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1")
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, openssl.waitFor(), output);
        stress(TLS_ROUNDS, new TlsServer(cert, key));
    }

    private record TlsServer(Path cert, Path key) {
        /** A client context that trusts exactly this server's certificate. */
        SSLContext clientContext() throws Exception {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (var in = Files.newInputStream(cert)) {
                trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }
    }

    private static void stress(int rounds, TlsServer tls) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        ExecutorService readers = Executors.newCachedThreadPool();
        ScheduledExecutorService disturbers = Executors.newScheduledThreadPool(4);
        List<String> args = new ArrayList<>(List.of("--rate-burst", "100000", "--rate-per-second", "100000",
                "--max-connections-per-address", "5000", "--connects-per-address-per-second", "100000",
                "--idle-timeout-ms", "120000")); // these clients send no heartbeats
        if (tls != null) {
            args.addAll(List.of("--tls-cert", tls.cert().toString(), "--tls-key", tls.key().toString()));
        }
        SSLContext context = tls == null ? null : tls.clientContext();
        try (ServerProcess server = ServerProcess.start(0, args.toArray(String[]::new))) {
            for (int round = 0; round < rounds; round++) {
                round(server.port(), context, round, new Random(round), readers, disturbers, counts);
            }
            server.close();
            for (String line : server.output()) {
                assertFalse(line.contains("ERROR") || line.contains("Exception"), "server logged: " + line);
            }
        } finally {
            readers.shutdownNow();
            disturbers.shutdownNow();
        }
        System.out.println("JettyOwnFramesStressIT" + (tls == null ? "" : " over TLS") + ": " + counts);
        assertEquals(rounds, counts.get("rounds"));
    }

    private static void round(int port, SSLContext tls, int round, Random random, ExecutorService readers,
                              ScheduledExecutorService disturbers, Map<String, Integer> counts) throws Exception {
        List<Future<StreamCheckingClient>> connecting = new ArrayList<>();
        ExecutorService connectors = Executors.newFixedThreadPool(8); // TLS handshakes take a while one by one
        for (int i = 0; i <= CLIENTS; i++) { // the last one sends
            int index = i;
            connecting.add(connectors.submit(() -> {
                StreamCheckingClient c = new StreamCheckingClient(port, "round " + round + " client " + index, tls);
                c.send(StreamCheckingClient.TEXT, true, WsClient.login(String.format("openid-stress-%d-%05d", round, index),
                        "S" + index).getBytes(StandardCharsets.UTF_8));
                return c;
            }));
        }
        connectors.shutdown();
        List<StreamCheckingClient> clients = new ArrayList<>();
        List<Future<?>> reading = new ArrayList<>();
        for (Future<StreamCheckingClient> f : connecting) {
            StreamCheckingClient c = f.get(60, TimeUnit.SECONDS);
            clients.add(c);
            reading.add(readers.submit(c::run));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (clients.stream().anyMatch(c -> !c.loggedIn) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(clients.stream().allMatch(c -> c.loggedIn), "round " + round + ": every client logged in");

        StreamCheckingClient sender = clients.get(CLIENTS);
        Map<StreamCheckingClient, List<byte[]>> pingsSent = new HashMap<>();
        long sendingMillis = MESSAGES * SEND_EVERY_NANOS / 1_000_000;
        for (int i = 0; i < CLIENTS; i++) {
            StreamCheckingClient c = clients.get(i);
            Disturbance d = Disturbance.of(i);
            if (d == Disturbance.PINGS) {
                List<byte[]> sent = new ArrayList<>();
                pingsSent.put(c, sent);
                for (int p = 0; p < PINGS; p++) {
                    byte[] payload = String.format("ping-%d-%d", i, p).getBytes(StandardCharsets.US_ASCII);
                    sent.add(payload);
                    disturbers.schedule(() -> disturb(c, () -> c.send(StreamCheckingClient.PING, true, payload)),
                            random.nextInt((int) sendingMillis), TimeUnit.MILLISECONDS);
                }
            } else if (d != Disturbance.NONE) {
                disturbers.schedule(() -> disturb(c, () -> disturbance(c, d)), random.nextInt((int) sendingMillis),
                        TimeUnit.MILLISECONDS);
            }
        }
        long start = System.nanoTime();
        for (int m = 0; m < MESSAGES; m++) {
            long due = start + m * SEND_EVERY_NANOS;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            sender.send(StreamCheckingClient.TEXT, true, WsClient.message("stress " + round + " " + m).getBytes(StandardCharsets.UTF_8));
        }
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && clients.stream().anyMatch(c -> stillExpecting(c, clients.indexOf(c)))) {
            Thread.sleep(20);
        }
        for (int i = 0; i <= CLIENTS; i++) {
            StreamCheckingClient c = clients.get(i);
            if (i == CLIENTS || Disturbance.of(i).closeCode == 0) {
                disturb(c, () -> c.send(StreamCheckingClient.CLOSE, true, new byte[] {0x03, (byte) 0xE8})); // 1000
            }
        }
        for (Future<?> f : reading) {
            f.get(40, TimeUnit.SECONDS);
        }

        List<String> problems = new ArrayList<>();
        for (int i = 0; i <= CLIENTS; i++) {
            StreamCheckingClient c = clients.get(i);
            Disturbance d = i == CLIENTS ? Disturbance.NONE : Disturbance.of(i);
            problems.addAll(c.problems);
            List<String> got = c.messagesSnapshot();
            for (int m = 0; m < got.size(); m++) {
                if (!got.get(m).equals("stress " + round + " " + m)) {
                    problems.add(c.name + ": message " + m + " was '" + got.get(m) + "'");
                    break;
                }
            }
            if (d.closeCode == 0 && got.size() != MESSAGES) {
                problems.add(c.name + ": " + got.size() + " of " + MESSAGES + " messages");
            }
            int expectedClose = d.closeCode == 0 ? 1000 : d.closeCode;
            if (c.closeCode != expectedClose) {
                problems.add(c.name + " (" + d + "): closed with " + c.closeCode + ", not " + expectedClose);
            }
            if (d == Disturbance.PINGS) {
                List<byte[]> sent = pingsSent.get(c);
                if (c.pongs.size() != sent.size() || !sent.stream().allMatch(p -> c.pongs.stream().anyMatch(q -> java.util.Arrays.equals(p, q)))) {
                    problems.add(c.name + ": " + c.pongs.size() + " pongs for " + sent.size() + " pings");
                }
                counts.merge("pongs", c.pongs.size(), Integer::sum);
            }
            counts.merge("messages", got.size(), Integer::sum);
            counts.merge("close " + c.closeCode, 1, Integer::sum);
        }
        counts.merge("rounds", 1, Integer::sum);
        counts.merge("streams", clients.size(), Integer::sum);
        assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())), "round " + round + ": " + problems.size() + " problems");
    }

    /** A client that stays must have every message; one that is closed, its close frame. */
    private static boolean stillExpecting(StreamCheckingClient c, int index) {
        Disturbance d = index == CLIENTS ? Disturbance.NONE : Disturbance.of(index);
        return d.closeCode == 0 ? c.messagesSnapshot().size() < MESSAGES && c.closeCode < 0 : c.closeCode < 0 && c.problems.isEmpty();
    }

    private interface Send {
        void run() throws Exception;
    }

    private static void disturb(StreamCheckingClient c, Send send) {
        try {
            send.run();
        } catch (Exception e) {
            c.problems.add(c.name + ": could not send: " + e);
        }
    }

    /** Frames after which Jetty closes the connection with a close frame of its own. */
    private static void disturbance(StreamCheckingClient c, Disturbance d) throws Exception {
        switch (d) {
            case CLOSE -> c.send(StreamCheckingClient.CLOSE, true, new byte[] {0x03, (byte) 0xE8});
            case UNMASKED -> c.sendUnmasked(StreamCheckingClient.TEXT, new byte[0]); // nothing left unread: no reset
            case TOO_LARGE -> {
                byte[] part = new byte[16 * 1024];
                java.util.Arrays.fill(part, (byte) 'x');
                for (int i = 0; i < 5; i++) { // 80 KiB; the fifth fragment crosses 64 KiB
                    c.send(i == 0 ? StreamCheckingClient.TEXT : 0x0, i == 4, part);
                }
            }
            case NOT_UTF8 -> c.send(StreamCheckingClient.TEXT, true, new byte[] {(byte) 0xC3, 0x28});
            case BINARY -> c.send(StreamCheckingClient.BINARY, true, new byte[] {1, 2, 3});
            default -> throw new IllegalArgumentException(d.toString());
        }
    }
}
