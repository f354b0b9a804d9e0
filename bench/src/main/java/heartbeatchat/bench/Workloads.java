package heartbeatchat.bench;

import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The four workloads, each run against one {@link Target}; results are plain maps for the report. */
final class Workloads {
    private static final String PADDING = "x".repeat(64);
    private final Settings settings;
    private final List<InetAddress> sources;

    Workloads(Settings settings, List<InetAddress> sources) {
        this.settings = settings;
        this.sources = sources;
    }

    private Fleet fleet(LoadEngine engine, Target t, long heartbeatMillis) {
        return new Fleet(engine, new InetSocketAddress("127.0.0.1", t.port), sources, heartbeatMillis);
    }

    /**
     * Connections and fan-out at a moderate rate, so the JIT has compiled the paths measured next:
     * a few rounds of connect-and-login first (the login path runs once per connection, so one
     * round is too few calls for the compiler), then fan-out.
     */
    void warmUp(Target t) throws Exception {
        for (int round = 0; round < settings.warmupLoginRounds(); round++) {
            try (LoadEngine engine = new LoadEngine()) {
                Fleet f = fleet(engine, t, 1_000);
                f.open(settings.warmupClients(), 200);
                f.awaitAllLoggedIn(60_000);
                f.abortAll();
            }
            Thread.sleep(200);
        }
        try (LoadEngine engine = new LoadEngine()) {
            Fleet f = fleet(engine, t, 1_000);
            f.open(settings.warmupClients(), 200);
            f.awaitAllLoggedIn(60_000);
            sendAt(f, 2, 50, settings.warmupSeconds() * 1000L);
            Thread.sleep(500);
            f.abortAll();
        }
        Thread.sleep(1_000);
    }

    /** 1. Ramp to each stage; per stage: login rate, memory, idle CPU per heartbeat, pong p99. */
    Map<String, Object> connections(Target t) throws Exception {
        List<Map<String, Object>> stages = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        try (LoadEngine engine = new LoadEngine()) {
            Fleet f = fleet(engine, t, 5_000);
            int have = 0;
            for (int stage : settings.connectionStages()) {
                Fleet.interval(f.loginMicros);
                long rampCpu0 = t.cpuNanos();
                long loadCpu0 = loadGeneratorCpuNanos();
                long rampStart = System.nanoTime();
                f.open(stage - have, 500);
                f.awaitAllLoggedIn(120_000);
                long rampEnd = System.nanoTime(); // CLOCK_MONOTONIC: matches `perf record -k CLOCK_MONOTONIC`
                double seconds = (rampEnd - rampStart) / 1e9;
                double rate = (stage - have) / seconds;
                Histogram login = Fleet.interval(f.loginMicros);
                double serverCpuShare = (t.cpuNanos() - rampCpu0) / 1e9 / seconds;
                double loadCpuShare = (loadGeneratorCpuNanos() - loadCpu0) / 1e9 / seconds;
                have = stage;
                Thread.sleep(settings.smoke() ? 200 : 2_000);
                Fleet.interval(f.pongMicros);
                long cpu0 = t.cpuNanos();
                long pongs0 = f.call(() -> f.pongs);
                Thread.sleep(settings.windowSeconds() * 2_000L);
                long cpu1 = t.cpuNanos();
                long pongs1 = f.call(() -> f.pongs);
                Histogram pong = Fleet.interval(f.pongMicros);
                long rss = t.rssBytes();
                long heap = t.heapAfterGc();
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("connections", stage);
                s.put("loginsPerSecond", Math.round(rate));
                s.put("loginP50Micros", login.getValueAtPercentile(50));
                s.put("loginP99Micros", login.getValueAtPercentile(99));
                s.put("loginMaxMicros", login.getMaxValue());
                s.put("rampServerCpuShare", round(serverCpuShare));
                s.put("rampLoadGeneratorCpuShare", round(loadCpuShare));
                s.put("rssBytes", rss);
                s.put("heapAfterGcBytes", heap);
                s.put("heartbeats", pongs1 - pongs0);
                s.put("cpuMicrosPerHeartbeat", pongs1 == pongs0 ? null : round((cpu1 - cpu0) / 1_000.0 / (pongs1 - pongs0)));
                s.put("pongP99Micros", pong.getTotalCount() == 0 ? null : pong.getValueAtPercentile(99));
                stages.add(s);
                System.out.printf("  %s %6d connections: %5.0f logins/s, login p50 %d p99 %d max %d µs, server CPU %.0f %%,"
                                + " load generator CPU %.0f %% (ramp at %.3f-%.3f s monotonic)%n"
                                + "        rss %d MB, heap %d MB, %s µs CPU/heartbeat, pong p99 %s µs%n",
                        t.name, stage, rate, s.get("loginP50Micros"), s.get("loginP99Micros"), s.get("loginMaxMicros"),
                        serverCpuShare * 100, loadCpuShare * 100, rampStart / 1e9, rampEnd / 1e9,
                        rss >> 20, heap >> 20, s.get("cpuMicrosPerHeartbeat"), s.get("pongP99Micros"));
            }
            out.put("stages", stages);
            Map<String, Object> first = stages.get(0);
            Map<String, Object> last = stages.get(stages.size() - 1);
            // Memory per connection is the slope from the second stage to the last: what a process
            // holds at the first stage still carries the warm-up's leftovers (the Node peer's
            // resident memory there moved between 75 and 117 MB over the committed reports, its heap 7-8 MB).
            // The slope from the first stage is kept beside it.
            Map<String, Object> from = stages.size() > 2 ? stages.get(1) : first;
            out.put("memorySlopeFromConnections", from.get("connections"));
            out.put("rssBytesPerConnection", slope(from, last, "rssBytes"));
            out.put("heapBytesPerConnection", slope(from, last, "heapAfterGcBytes"));
            out.put("rssBytesPerConnectionFromFirstStage", slope(first, last, "rssBytes"));
            out.put("loginsPerSecond", median(stages.stream().skip(1).map(s -> ((Number) s.get("loginsPerSecond")).doubleValue()).toList()));
            out.put("cpuMicrosPerHeartbeat", last.get("cpuMicrosPerHeartbeat"));
            out.put("pongP99Micros", last.get("pongP99Micros"));

            // hold the largest stage: every pong within 3 s?
            Fleet.interval(f.pongMicros);
            long pongs0 = f.call(() -> f.pongs);
            long closes0 = f.call(() -> f.closes);
            Thread.sleep(settings.holdSeconds() * 1_000L);
            Histogram hold = Fleet.interval(f.pongMicros);
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("connections", have);
            h.put("seconds", settings.holdSeconds());
            h.put("pongs", f.call(() -> f.pongs) - pongs0);
            h.put("closes", f.call(() -> f.closes) - closes0);
            h.put("pongMaxMicros", hold.getTotalCount() == 0 ? null : hold.getMaxValue());
            h.put("pongP99Micros", hold.getTotalCount() == 0 ? null : hold.getValueAtPercentile(99));
            out.put("hold", h);
            System.out.printf("  %s held %d connections %d s: %s pongs, max %s µs, %s closes%n", t.name, have,
                    settings.holdSeconds(), h.get("pongs"), h.get("pongMaxMicros"), h.get("closes"));
            f.abortAll();
        }
        Thread.sleep(1_000);
        return out;
    }

    /** Bytes per connection between two stages. */
    private static double slope(Map<String, Object> from, Map<String, Object> to, String bytes) {
        int added = (int) to.get("connections") - (int) from.get("connections");
        return round(((long) to.get(bytes) - (long) from.get(bytes)) / (double) added);
    }

    /** 2. One room of receivers; senders at stepped rates until the server cannot keep up. */
    Map<String, Object> fanout(Target t) throws Exception {
        try (LoadEngine engine = new LoadEngine()) {
            Fleet f = fleet(engine, t, 1_000); // pings every second sample the pong time under load
            int receivers = settings.fanoutReceivers();
            f.open(receivers, 200);
            f.awaitAllLoggedIn(60_000);
            int[] senders = new int[settings.fanoutSenders()];
            for (int i = 0; i < senders.length; i++) {
                senders[i] = i;
            }
            return stepped(t, f, receivers, senders, settings.offeredDeliveries());
        }
    }

    /**
     * 2b. Rooms: {@code rooms × roomSize} clients, each room formed by its first client (create) and
     * the others (join by the id the server gave), one sender per room, at stepped rates. Each
     * message is delivered to the room's members, the sender included.
     */
    Map<String, Object> rooms(Target t) throws Exception {
        try (LoadEngine engine = new LoadEngine()) {
            // the note's 5 s heartbeat: 19,000 clients pinging every second would be 19,000 pongs a
            // second, most of the server's work, and no chat client pings that often
            Fleet f = fleet(engine, t, 5_000);
            f.logInWithRooms();
            int size = settings.roomSize();
            f.open(settings.rooms() * size, 200);
            f.awaitAllLoggedIn(120_000);
            long formStart = System.nanoTime();
            f.formRooms(size, 120_000);
            System.out.printf("  %s %d rooms of %d formed in %d ms%n", t.name, settings.rooms(), size,
                    (System.nanoTime() - formStart) / 1_000_000);
            int[] senders = new int[settings.rooms()];
            for (int g = 0; g < senders.length; g++) {
                senders[g] = g * size;
            }
            Map<String, Object> out = stepped(t, f, size, senders, settings.roomOfferedDeliveries());
            out.put("rooms", settings.rooms());
            out.put("roomSize", size);
            return out;
        }
    }

    /**
     * 2c. Fan-out across the servers of a cluster: the receivers on one server, the senders on the
     * other, so every delivery crossed Redis (and any gap was filled from PostgreSQL). CPU per delivery
     * is the receiving server's, with the sending server's beside it.
     */
    Map<String, Object> crossServerFanout(Target sending, Target receiving) throws Exception {
        try (LoadEngine engine = new LoadEngine()) {
            Fleet receivers = fleet(engine, receiving, 1_000);
            receivers.open(settings.fanoutReceivers(), 200);
            receivers.awaitAllLoggedIn(60_000);
            Fleet senders = fleet(engine, sending, 1_000);
            int[] indexes = new int[settings.fanoutSenders()];
            senders.open(indexes.length, 200);
            senders.awaitAllLoggedIn(60_000);
            for (int i = 0; i < indexes.length; i++) {
                indexes[i] = i;
            }
            // the path measured, warmed up like every other: each server's own warm-up ran its fan-out,
            // not the one from a message committed there to connections on the other
            sendAt(senders, indexes.length, 50, settings.warmupSeconds() * 1_000L);
            Thread.sleep(1_000);
            Map<String, Object> out = stepped(receiving, sending, receivers, senders, settings.fanoutReceivers(), indexes,
                    settings.offeredDeliveries());
            senders.abortAll();
            return out;
        }
    }

    private Map<String, Object> stepped(Target t, Fleet f, int receivers, int[] senderIndexes, List<Integer> offeredSteps)
            throws Exception {
        return stepped(t, null, f, f, receivers, senderIndexes, offeredSteps);
    }

    /**
     * Sends at each offered rate of deliveries in turn (deliveries = messages × receivers per message)
     * and measures what arrives, until the server cannot keep up; then drops the fleet.
     *
     * @param t     the server whose CPU is measured per delivery (the receivers')
     * @param other another server whose CPU is shown beside it (the senders' in a cluster), or null
     * @param f     the receivers, whose deliveries and latencies are measured
     * @param from  the fleet the senders are in
     */
    private Map<String, Object> stepped(Target t, Target other, Fleet f, Fleet from, int receivers, int[] senderIndexes,
                                        List<Integer> offeredSteps) throws Exception {
        List<Map<String, Object>> steps = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        for (int offered : offeredSteps) {
            double messagesPerSecond = offered / (double) receivers;
            List<Double> delivered = new ArrayList<>();
            List<Histogram> latencies = new ArrayList<>();
            List<Histogram> pongs = new ArrayList<>();
            List<Double> cpuPerDelivery = new ArrayList<>();
            List<Double> loadCpuPerDelivery = new ArrayList<>();
            List<Double> serverCpuShare = new ArrayList<>();
            List<Double> loadCpuShare = new ArrayList<>();
            List<Double> otherCpuPerDelivery = new ArrayList<>();
            List<Double> coreBusy = new ArrayList<>();
            Sender sender = new Sender(from, senderIndexes, messagesPerSecond);
            sender.start();
            // Runs unmeasured first: long enough for a young collection at the lowest rate, so a
            // step is not measured through the collections that follow the last workload's
            // 19,000 dropped connections (57-75 ms each on our server, dirty cards to scan).
            Thread.sleep(settings.smoke() ? 300 : 6_000);
            for (int w = 0; w < settings.windows(); w++) {
                Fleet.interval(f.latencyMicros);
                Fleet.interval(f.pongMicros);
                long d0 = f.call(() -> f.deliveries);
                long c0 = t.cpuNanos();
                long o0 = other == null ? 0 : other.cpuNanos();
                long k0 = serverCoreBusyNanos(t.serverCore());
                long l0 = loadGeneratorCpuNanos();
                long start = System.nanoTime();
                Thread.sleep(settings.windowSeconds() * 1_000L);
                long d1 = f.call(() -> f.deliveries);
                long c1 = t.cpuNanos();
                long o1 = other == null ? 0 : other.cpuNanos();
                long k1 = serverCoreBusyNanos(t.serverCore());
                long l1 = loadGeneratorCpuNanos();
                double secs = (System.nanoTime() - start) / 1e9;
                delivered.add((d1 - d0) / secs);
                latencies.add(Fleet.interval(f.latencyMicros));
                pongs.add(Fleet.interval(f.pongMicros));
                cpuPerDelivery.add(d1 == d0 ? 0 : (c1 - c0) / 1_000.0 / (d1 - d0));
                otherCpuPerDelivery.add(d1 == d0 ? 0 : (o1 - o0) / 1_000.0 / (d1 - d0));
                coreBusy.add(k0 < 0 || k1 < 0 ? -1 : (k1 - k0) / 1e9 / secs);
                loadCpuPerDelivery.add(d1 == d0 ? 0 : (l1 - l0) / 1_000.0 / (d1 - d0));
                serverCpuShare.add((c1 - c0) / 1e9 / secs);
                loadCpuShare.add((l1 - l0) / 1e9 / secs);
            }
            sender.stop();
            Thread.sleep(settings.smoke() ? 300 : 2_000); // drain
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("offeredPerSecond", offered);
            s.put("deliveredPerSecond", Math.round(median(delivered)));
            s.put("p50Micros", median(latencies.stream().map(h -> (double) h.getValueAtPercentile(50)).toList()));
            s.put("p99Micros", median(latencies.stream().map(h -> (double) h.getValueAtPercentile(99)).toList()));
            s.put("p999Micros", median(latencies.stream().map(h -> (double) h.getValueAtPercentile(99.9)).toList()));
            s.put("cpuMicrosPerDelivery", round(median(cpuPerDelivery)));
            if (other != null) {
                s.put("otherServerCpuMicrosPerDelivery", round(median(otherCpuPerDelivery)));
            }
            s.put("serverCoreBusyShare", round(median(coreBusy)));
            s.put("loadGeneratorCpuMicrosPerDelivery", round(median(loadCpuPerDelivery)));
            // which side's core was the limit at a step that did not keep up
            s.put("serverCpuShare", round(median(serverCpuShare)));
            s.put("loadGeneratorCpuShare", round(median(loadCpuShare)));
            s.put("pongP99Micros", median(pongs.stream().map(h -> (double) h.getValueAtPercentile(99)).toList()));
            steps.add(s);
            System.out.printf("  %s offered %7d/s delivered %7d/s p50 %s p99 %s p999 %s µs, %s µs CPU/delivery"
                            + " (load generator %s), CPU %.0f %% (load generator %.0f %%), pong p99 %s µs%n", t.name, offered,
                    s.get("deliveredPerSecond"), s.get("p50Micros"), s.get("p99Micros"), s.get("p999Micros"),
                    s.get("cpuMicrosPerDelivery"), s.get("loadGeneratorCpuMicrosPerDelivery"),
                    median(serverCpuShare) * 100, median(loadCpuShare) * 100, s.get("pongP99Micros"));
            boolean saturated = ((Number) s.get("deliveredPerSecond")).doubleValue() < offered * 0.95
                    || ((Number) s.get("p99Micros")).doubleValue() > 1_000_000;
            if (saturated) {
                break;
            }
        }
        f.abortAll();
        out.put("steps", steps);
        double best = 0;
        for (Map<String, Object> s : steps) {
            if (((Number) s.get("p99Micros")).doubleValue() <= 50_000) {
                best = Math.max(best, ((Number) s.get("deliveredPerSecond")).doubleValue());
            }
        }
        out.put("deliveriesPerSecondAtP99Under50ms", Math.round(best));
        out.put("maxDeliveredPerSecond", steps.stream().mapToLong(s -> ((Number) s.get("deliveredPerSecond")).longValue()).max().orElse(0));
        out.put("p99MicrosAtFirstStep", steps.get(0).get("p99Micros"));
        // where both servers keep up with every step, the staircase's top tells them apart by latency
        Map<String, Object> top = steps.get(steps.size() - 1);
        int topOffered = offeredSteps.get(offeredSteps.size() - 1);
        out.put("topStepOfferedPerSecond", topOffered);
        out.put("p99MicrosAtTopStep", top.get("offeredPerSecond").equals(topOffered) ? top.get("p99Micros") : null);
        Thread.sleep(1_000);
        return out;
    }

    /** Sends timestamped messages from the given clients in turn, at a steady total rate. */
    private static final class Sender {
        private final Fleet fleet;
        private final int[] senders;
        private final double perSecond;
        private volatile boolean running = true;
        private final Thread thread;

        Sender(Fleet fleet, int[] senders, double perSecond) {
            this.fleet = fleet;
            this.senders = senders;
            this.perSecond = perSecond;
            this.thread = new Thread(this::run, "sender");
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        private void run() {
            long start = System.nanoTime();
            long sent = 0;
            while (running) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
                if (due > sent) {
                    long from = sent;
                    long to = due;
                    fleet.call(() -> {
                        for (long i = from; i < to; i++) {
                            fleet.sendTimestamped(senders[(int) (i % senders.length)], PADDING);
                        }
                        return null;
                    });
                    sent = due;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static void sendAt(Fleet f, int senders, double perSecond, long millis) throws InterruptedException {
        int[] first = new int[senders];
        for (int i = 0; i < senders; i++) {
            first[i] = i;
        }
        Sender s = new Sender(f, first, perSecond);
        s.start();
        Thread.sleep(millis);
        s.stop();
    }

    /** 3. Many clients, the server killed and started again: how long until all are back, how bunched. */
    Map<String, Object> reconnectStorm(Target t) throws Exception {
        return reconnectStorm(t, settings.stormClients());
    }

    Map<String, Object> reconnectStorm(Target t, int n) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        try (LoadEngine engine = new LoadEngine()) {
            Fleet f = fleet(engine, t, 5_000);
            f.open(n, 500);
            f.awaitAllLoggedIn(120_000);
            f.reconnectOnClose(true);
            f.startCountingAttempts(120);
            long killedAt = System.nanoTime();
            t.kill();
            t.start();
            double restartSeconds = (System.nanoTime() - killedAt) / 1e9;
            long deadline = killedAt + 120_000_000_000L;
            while (f.call(() -> f.loggedIn) < n && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            double allBack = (System.nanoTime() - killedAt) / 1e9;
            out.put("clients", n);
            out.put("restartSeconds", round(restartSeconds));
            out.put("secondsUntilAllBack", round(allBack));
            out.put("allBack", f.call(() -> f.loggedIn) == n);
            out.put("peakConnectsPer100ms", f.peakAttemptsPer100ms());
            System.out.printf("  %s storm: %d clients back in %.2f s (server up after %.2f s), peak %d connects/100 ms%n",
                    t.name, n, allBack, restartSeconds, f.peakAttemptsPer100ms());
            f.abortAll();
        }
        Thread.sleep(1_000);
        return out;
    }

    /** 4. Messages per second that come back as broadcasts (ours: after a durable commit). */
    Map<String, Object> store(Target t) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        try (LoadEngine engine = new LoadEngine()) {
            Fleet f = fleet(engine, t, 60_000);
            int senders = 20;
            f.open(senders, 50);
            f.awaitAllLoggedIn(60_000);
            int total = settings.storeMessages();
            long d0 = f.call(() -> f.deliveries);
            long start = System.nanoTime();
            f.call(() -> {
                for (int i = 0; i < total; i++) {
                    f.sendTimestamped(i % senders, PADDING);
                }
                return null;
            });
            long expected = d0 + (long) total * senders;
            long deadline = start + 120_000_000_000L;
            while (f.call(() -> f.deliveries) < expected && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            out.put("messages", total);
            out.put("deliveries", f.call(() -> f.deliveries) - d0);
            out.put("expectedDeliveries", expected - d0);
            out.put("messagesPerSecond", Math.round(total / secs));
            System.out.printf("  %s store: %d messages stored and broadcast in %.2f s: %.0f/s%n", t.name, total, secs,
                    total / secs);
            f.abortAll();
        }
        return out;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** CPU time of this process (the load generator), in nanoseconds. */
    /**
     * Busy time of the server core (everything on it: the server, and in a cluster run the other
     * server, PostgreSQL and Redis), in nanoseconds, from /proc/stat; -1 when it cannot be read.
     */
    private static long serverCoreBusyNanos(String core) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"))) {
                if (line.startsWith("cpu" + core + " ")) {
                    String[] f = line.trim().split("\\s+");
                    long busy = 0;
                    for (int i = 1; i < f.length && i <= 8; i++) {
                        if (i != 4 && i != 5) { // idle and iowait
                            busy += Long.parseLong(f[i]);
                        }
                    }
                    return busy * 10_000_000L; // USER_HZ 100
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static long loadGeneratorCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
