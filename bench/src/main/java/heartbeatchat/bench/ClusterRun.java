package heartbeatchat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bash bench/run --cluster}: fan-out to one room of 1,000 on one server with SQLite, on one
 * server with PostgreSQL, and across two servers of a cluster (receivers on one, senders on the
 * other), all in one run on this machine: the servers, PostgreSQL and Redis on the server core, the
 * load generator on the other. Writes {@code CLUSTER.md} and {@code cluster.json}.
 */
final class ClusterRun {
    private ClusterRun() {
    }

    static void run(Settings settings, List<InetAddress> sources, Path out, Path jar, String core, Path logs) throws Exception {
        Workloads w = new Workloads(settings, sources);
        Map<String, Object> results = new LinkedHashMap<>();
        try (Engines engines = Engines.start(Path.of("target", "bench-engines"), core)) {
            try (Target single = new Target.Ours("ours-sqlite", free(), core, logs, null, jar, Files.createTempDirectory("bench-data-"),
                    List.of())) {
                results.put(single.name, fanout(w, single));
            }
            try (Target pg = new Target.Ours("ours-postgres", free(), core, logs, null, jar, Files.createTempDirectory("bench-data-"),
                    List.of("--postgres", engines.newDatabase("single")))) {
                results.put(pg.name, fanout(w, pg));
            }
            String db = engines.newDatabase("cluster");
            try (Target a = node("cluster-a", core, logs, jar, db, engines.redisUrl());
                 Target b = node("cluster-b", core, logs, jar, db, engines.redisUrl())) {
                System.out.println("== two servers: senders on a, receivers on b");
                a.start();
                b.start();
                w.warmUp(a);
                w.warmUp(b);
                results.put("cluster", w.crossServerFanout(a, b));
            }
        }
        for (Map.Entry<String, Object> e : results.entrySet()) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> steps = (List<Map<String, Object>>) ((Map<String, Object>) e.getValue()).get("steps");
            if (steps.isEmpty() || ((Number) steps.get(0).get("deliveredPerSecond")).longValue() == 0) {
                System.out.println("bench: FAILED: " + e.getKey() + " delivered nothing");
                System.exit(1);
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", Instant.now().toString());
        report.put("smoke", settings.smoke());
        report.put("machine", Machine.describe(core));
        report.put("results", results);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("cluster.json").toFile(), report);
        Files.writeString(out.resolve("CLUSTER.md"), markdown(report, settings));
        System.out.println("cluster report written to " + out.toAbsolutePath());
    }

    private static Map<String, Object> fanout(Workloads w, Target t) throws Exception {
        System.out.println("== " + t.name);
        t.start();
        w.warmUp(t);
        return w.fanout(t);
    }

    private static Target node(String name, String core, Path logs, Path jar, String db, String redis) throws Exception {
        return new Target.Ours(name, free(), core, logs, null, jar, Files.createTempDirectory("bench-data-"),
                List.of("--postgres", db, "--redis", redis, "--node-name", name));
    }

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> report, Settings settings) {
        Map<String, Map<String, Object>> r = (Map<String, Map<String, Object>>) report.get("results");
        Map<String, Object> sqlite = r.get("ours-sqlite");
        Map<String, Object> pg = r.get("ours-postgres");
        Map<String, Object> cluster = r.get("cluster");
        StringBuilder md = new StringBuilder("# Benchmark: one server and two\n\n");
        if (settings.smoke()) {
            md.append("**Smoke run: proves the harness works; the figures mean nothing.**\n\n");
        }
        md.append("Measured ").append(report.get("date")).append(" on ").append(report.get("machine"))
                .append(". Fan-out to one room (the lobby) of ").append(String.format("%,d", settings.fanoutReceivers()))
                .append(" receivers from ").append(settings.fanoutSenders()).append(" senders, stepped rates, windowed figures medians")
                .append(" of repeated windows, each server warmed up first. One server with SQLite, one with PostgreSQL (fsync on),")
                .append(" and two servers on one PostgreSQL and one Redis with the receivers on one and the senders on the other,")
                .append(" so every delivery crossed Redis. The servers, PostgreSQL and Redis share the server core; the load generator")
                .append(" has the other. CPU per delivery is the receiving server's (for two servers, the sending one's is shown")
                .append(" beside it); PostgreSQL's and Redis's CPU is not in it, but \"server core busy\" counts everything on the")
                .append(" server core. Before the measured steps, the cross-server path is warmed up like the rest (15 s of fan-out")
                .append(" from senders on one server to receivers on the other). Made by `bash bench/run --cluster`; raw figures in")
                .append(" `cluster.json`.\n\n");
        double singleP99 = firstStep(sqlite, "p99Micros");
        double clusterP99 = firstStep(cluster, "p99Micros");
        double singleCpu = firstStep(sqlite, "cpuMicrosPerDelivery");
        double clusterCpu = firstStep(cluster, "cpuMicrosPerDelivery");
        md.append("| figure | one server, SQLite | one server, PostgreSQL | two servers, across | goal | met |\n")
                .append("|---|---:|---:|---:|---|---|\n");
        row(md, "deliveries/s at p99 ≤ 50 ms", sqlite, pg, cluster, "deliveriesPerSecondAtP99Under50ms", "(shown)", null);
        row(md, "most deliveries/s delivered", sqlite, pg, cluster, "maxDeliveredPerSecond", "(shown)", null);
        md.append("| p99 at the first step, ").append(String.format("%,d", settings.offeredDeliveries().get(0))).append("/s (µs) | ")
                .append(Report.fmt(singleP99)).append(" | ").append(Report.fmt(firstStep(pg, "p99Micros"))).append(" | ")
                .append(Report.fmt(clusterP99)).append(" | two servers within 5 ms of one (SQLite) | ")
                .append(clusterP99 - singleP99 <= 5_000 ? "yes" : "**no**").append(" |\n");
        md.append("| CPU µs per delivery at the first step, receiving server | ").append(Report.fmt(singleCpu)).append(" | ")
                .append(Report.fmt(firstStep(pg, "cpuMicrosPerDelivery"))).append(" | ").append(Report.fmt(clusterCpu))
                .append(String.format(" (%.2f×) | ≤ 1.3× one server's (SQLite) | ", clusterCpu / singleCpu))
                .append(clusterCpu <= 1.3 * singleCpu ? "yes" : "**no**").append(" |\n");
        md.append("| CPU µs per delivery at the first step, sending server | – | – | ")
                .append(Report.fmt(firstStep(cluster, "otherServerCpuMicrosPerDelivery"))).append(" | (shown) | |\n");
        for (Map.Entry<String, Map<String, Object>> e : r.entrySet()) {
            md.append("\n## ").append(e.getKey()).append("\n\n| offered/s | delivered/s | p50 (µs) | p99 (µs) | p99.9 (µs) |")
                    .append(" CPU µs/delivery | server CPU | server core busy | load generator CPU |")
                    .append(e.getKey().equals("cluster") ? " sending server CPU µs/delivery |\n" : "\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|").append(e.getKey().equals("cluster") ? "---:|\n" : "\n");
            for (Map<String, Object> s : (List<Map<String, Object>>) e.getValue().get("steps")) {
                md.append("| ").append(s.get("offeredPerSecond")).append(" | ").append(s.get("deliveredPerSecond"))
                        .append(" | ").append(Report.fmt((Number) s.get("p50Micros"))).append(" | ")
                        .append(Report.fmt((Number) s.get("p99Micros"))).append(" | ").append(Report.fmt((Number) s.get("p999Micros")))
                        .append(" | ").append(Report.fmt((Number) s.get("cpuMicrosPerDelivery")))
                        .append(" | ").append(Math.round(((Number) s.get("serverCpuShare")).doubleValue() * 100)).append(" %")
                        .append(" | ").append(Math.round(((Number) s.get("serverCoreBusyShare")).doubleValue() * 100)).append(" %")
                        .append(" | ").append(Math.round(((Number) s.get("loadGeneratorCpuShare")).doubleValue() * 100)).append(" %")
                        .append(e.getKey().equals("cluster") ? " | " + Report.fmt((Number) s.get("otherServerCpuMicrosPerDelivery")) : "")
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String figure, Map<String, Object> a, Map<String, Object> b, Map<String, Object> c,
                            String key, String goal, Boolean met) {
        md.append("| ").append(figure).append(" | ").append(Report.fmt((Number) a.get(key))).append(" | ")
                .append(Report.fmt((Number) b.get(key))).append(" | ").append(Report.fmt((Number) c.get(key)))
                .append(" | ").append(goal).append(" | ").append(met == null ? "" : met ? "yes" : "**no**").append(" |\n");
    }

    @SuppressWarnings("unchecked")
    private static double firstStep(Map<String, Object> result, String key) {
        List<Map<String, Object>> steps = (List<Map<String, Object>>) result.get("steps");
        Object v = steps.get(0).get(key);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    private static int free() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
