package heartbeatchat.server.it;

import heartbeatchat.shared.protocol.Wire;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heartbeats are answered on the selector thread that read them: with a hundred clients pinging at
 * once, the server's threads switch about once per ten pings, where Jetty's hand-over of every
 * read to a pool thread costs seven in ten (and several per ping at 19,000 connections in the
 * benchmark). Counted by the kernel in /proc.
 */
class HeartbeatThreadSwitchesIT {
    private static final int CLIENTS = 100;
    private static final int ROUNDS = 40;

    @Test
    void aHundredClientsPingingAtOnceCostTheServerAThirdOfAThreadSwitchPerPingAtMost() throws Exception {
        // the rate limit would refuse pings this fast, and joins would come between the pongs;
        // both have tests of their own
        try (ServerProcess server = ServerProcess.start(0, "--rate-burst", "100000", "--rate-per-second", "100000",
                "--presence-limit", "0")) {
            List<RawWsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    RawWsClient c = RawWsClient.open(server.port());
                    clients.add(c);
                    c.sendText(WsClient.login("openid-switches-" + i, "Switches" + i));
                    c.read(); // the login reply
                }
                pingAll(clients, 10); // warm up
                long before = contextSwitches(server.pid());
                pingAll(clients, ROUNDS);
                double perPing = (contextSwitches(server.pid()) - before) / (double) (CLIENTS * ROUNDS);
                System.out.printf("heartbeat: %.2f server thread switches per ping, %d clients pinging at once%n",
                        perPing, CLIENTS);
                assertTrue(perPing < 0.35, perPing + " thread switches per ping; handing every read to a pool thread costs about 0.7 here");
            } finally {
                for (RawWsClient c : clients) {
                    c.close();
                }
            }
        }
    }

    /** Every client sends a ping, then every client reads its pong; {@code rounds} times. */
    private static void pingAll(List<RawWsClient> clients, int rounds) throws IOException {
        for (int r = 0; r < rounds; r++) {
            for (RawWsClient c : clients) {
                c.sendText(Wire.PING_FRAME);
            }
            for (RawWsClient c : clients) {
                assertEquals(Wire.PONG_FRAME, c.read().text());
            }
        }
    }
    /** Voluntary and involuntary context switches of every thread of the process. */
    private static long contextSwitches(long pid) throws IOException {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                List<String> status;
                try {
                    status = Files.readAllLines(task.resolve("status"));
                } catch (IOException gone) {
                    continue; // the thread ended
                }
                for (String line : status) {
                    if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                        total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            }
        }
        return total;
    }
}
