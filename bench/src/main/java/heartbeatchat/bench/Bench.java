package heartbeatchat.bench;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every workload against our server and the Node ws peer in the same run, and fan-out against
 * the coalescing Node peer too, and writes the report. Each server first meets its cold workloads, a
 * fresh process for each ({@link ColdWorkloads}), then the warm ones after a warm-up ({@link Workloads}).
 * {@code --smoke} runs a seconds-long version that proves the harness and claims nothing.
 *
 * <p>Usage: {@code java -jar heartbeat-bench.jar [--smoke] [--cluster] [--out DIR] [--launcher PATH] [--jar PATH] [--peer PATH]}
 * ({@code --cluster}: one server with SQLite, one with PostgreSQL and two on one PostgreSQL and Redis,
 * see {@link ClusterRun}, instead of the comparison with the peer); for profiling
 * one part: {@code [--only cold,connections,fanout,rooms,store,storm]} (or one of the cold three: cold-start,
 * cold-ramp, cold-storm) {@code [--targets ours,node-ws,node-ws-coalescing]
 * [--offered 20000,40000]}; {@code --render bench.json} writes the report again from a run's figures.
 */
public final class Bench {
    private static final List<String> ALL_WORKLOADS = List.of("cold", "connections", "fanout", "rooms", "store", "storm");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        Path out = Path.of("docs/bench");
        Path jar = Path.of("backend/target/heartbeat-chat.jar");
        Path peer = Path.of("bench/peer/server.js");
        String serverCore = "0";
        Path launcher = Path.of("backend/bin/heartbeat-chat");
        java.util.Set<String> only = new java.util.HashSet<>(ALL_WORKLOADS);
        java.util.Set<String> targetNames = new java.util.HashSet<>(List.of("ours", "node-ws", "node-ws-coalescing"));
        List<Integer> offered = null;
        boolean cluster = false;
        Path render = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--render" -> render = Path.of(args[++i]);
                case "--smoke" -> smoke = true;
                case "--cluster" -> cluster = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--launcher" -> launcher = Path.of(args[++i]);
                case "--peer" -> peer = Path.of(args[++i]);
                case "--server-core" -> serverCore = args[++i];
                case "--only" -> only = java.util.Set.of(args[++i].split(","));
                case "--targets" -> targetNames = java.util.Set.of(args[++i].split(","));
                case "--offered" -> offered = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (render != null) {
            Files.createDirectories(out);
            rerender(render, out);
            return;
        }
        Settings settings = smoke ? Settings.smokeRun() : Settings.fullRun();
        if (offered != null) {
            settings = settings.withOfferedDeliveries(offered);
        }
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 2; i <= 5; i++) {
            sources.add(InetAddress.getByName("127.0.0." + i));
        }
        Files.createDirectories(out);
        Path logs = out.resolve("logs");
        if (cluster) {
            ClusterRun.run(settings, sources, out, jar, serverCore, logs);
            return;
        }
        Path data = Files.createTempDirectory("bench-data-");
        Workloads w = new Workloads(settings, sources);
        ColdWorkloads cold = new ColdWorkloads(settings, sources);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", Instant.now().toString());
        report.put("smoke", smoke);
        report.put("machine", Machine.describe(serverCore));
        report.put("settings", settings);
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        List<Target> targets = List.of(
                new Target.Ours(free(), serverCore, logs, launcher, jar, data),
                new Target.NodePeer(free(), serverCore, logs, peer),
                new Target.NodePeer(free(), serverCore, logs, peer, true));
        for (Target t : targets) {
            if (!targetNames.contains(t.name)) {
                continue;
            }
            System.out.println("== " + t.name);
            Map<String, Object> r = new LinkedHashMap<>();
            // the coalescing peer is there for fan-out: the other workloads are the plain peer's
            boolean fanoutOnly = t.name.equals("node-ws-coalescing");
            java.util.Set<String> parts = only;
            java.util.function.Predicate<String> coldPart = part -> parts.contains("cold") || parts.contains(part);
            if (!fanoutOnly && (coldPart.test("cold-start") || coldPart.test("cold-ramp") || coldPart.test("cold-storm"))) {
                Map<String, Object> c = new LinkedHashMap<>();
                if (coldPart.test("cold-start")) {
                    c.put("startup", cold.startup(t, smoke ? 1 : 5));
                    if (t instanceof Target.Ours) {
                        // beside it, the plain `java -jar` without the launcher's options
                        Target plain = new Target.Ours("ours-java-jar", free(), serverCore, logs, null, jar, data, List.of());
                        c.put("startupJavaJar", cold.startup(plain, smoke ? 1 : 5));
                    }
                }
                if (coldPart.test("cold-ramp")) {
                    c.put("connections", cold.connections(t));
                }
                if (coldPart.test("cold-storm")) {
                    c.put("restartStorm", cold.restartStorm(t, w));
                }
                r.put("cold", c);
            }
            try (t) {
                t.start();
                if (t instanceof Target.Ours) {
                    r.put("commandLine", t.runningCommandLine());
                }
                w.warmUp(t);
                if (only.contains("connections") && !fanoutOnly) {
                    r.put("connections", w.connections(t));
                }
                if (only.contains("fanout")) {
                    r.put("fanout", w.fanout(t));
                }
                if (only.contains("rooms") && !fanoutOnly) {
                    r.put("rooms", w.rooms(t));
                }
                if (only.contains("store") && !fanoutOnly) {
                    r.put("store", w.store(t));
                }
                if (only.contains("storm") && !fanoutOnly) {
                    r.put("reconnectStorm", w.reconnectStorm(t));
                }
            }
            results.put(t.name, r);
        }
        report.put("results", results);
        List<String> problems = RunCheck.problems(results);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println("bench: FAILED: " + p));
            System.exit(1);
        }
        if (results.size() < 3 || only.size() < ALL_WORKLOADS.size()) {
            System.out.println("partial run: no report written");
            return;
        }
        report.put("comparison", comparison(results));
        Report.write(report, out, settings);
        System.out.println("report written to " + out.toAbsolutePath());
    }

    /**
     * Writes the report again from a run's bench.json, figures unchanged, after a change to how the
     * table is made; the report says so.
     */
    @SuppressWarnings("unchecked")
    private static void rerender(Path json, Path out) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, Object> report = mapper.readValue(json.toFile(), LinkedHashMap.class);
        Settings settings = mapper.convertValue(report.get("settings"), Settings.class);
        Map<String, Map<String, Object>> results = (Map<String, Map<String, Object>>) report.get("results");
        report.put("rendered", Instant.now().toString());
        report.put("comparison", comparison(results));
        Report.write(report, out, settings);
        System.out.println("report rendered again from " + json + " into " + out.toAbsolutePath());
    }

    private static List<Comparison.Row> comparison(Map<String, Map<String, Object>> results) {
        return Comparison.of(results.get("ours"), results.get("node-ws"), results.get("node-ws-coalescing"));
    }

    private static int free() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
