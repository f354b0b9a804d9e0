package heartbeatchat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes bench.json, BENCHMARK.md and the latency plot. */
final class Report {
    private Report() {
    }

    @SuppressWarnings("unchecked")
    static void write(Map<String, Object> report, Path dir, Settings settings) throws Exception {
        List<Comparison.Row> rows = (List<Comparison.Row>) report.get("comparison");
        report.put("comparison", rows.stream().map(Comparison::asMap).toList());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("bench.json").toFile(), report);

        Map<String, Map<String, Object>> results = (Map<String, Map<String, Object>>) report.get("results");
        Plot.latencyAgainstLoad(results, dir.resolve("fanout-p99.png"));

        StringBuilder md = new StringBuilder();
        md.append("# Benchmark: heartbeat-chat against Node `ws` servers\n\n");
        if (settings.smoke()) {
            md.append("**Smoke run: proves the harness works; the figures mean nothing.**\n\n");
        }
        md.append("Measured ").append(report.get("date")).append(" on ").append(report.get("machine"))
                .append(". The servers ran in turn on the same core, the load generator on the other. ")
                .append("Ours is started as the README says, with `backend/bin/heartbeat-chat`. ")
                .append("**Cold** figures are each from a fresh process with no warm-up, the way users meet a server after a ")
                .append("deploy or a crash: exec to the first login answered (median of five starts); one ramp from no connection ")
                .append("to the largest stage (memory per connection is the slope over the whole ramp, the login rate the ramp's); ")
                .append("and a restart storm with that many clients. ")
                .append(String.format("The other figures are **warm**: after a warm-up (%d rounds of %,d logins, then fan-out); ",
                        settings.warmupLoginRounds(), settings.warmupClients()))
                .append("windowed figures are medians of repeated windows. ")
                .append("Warm memory per connection is the slope between the second stage of connections and the last: the first ")
                .append("stage still carries what the warm-up left behind (see PROFILE.md, section 5); the slope from the first stage is shown too. ")
                .append("The coalescing Node peer (`node bench/peer/server.js PORT coalesce`: one frame per broadcast, what a room got ")
                .append("in one event-loop turn written to each socket at once) runs fan-out only; its rows say so, every other row is ")
                .append("against the plain `ws` peer. Made by `bash bench/run`; raw figures in `bench.json`.");
        if (report.get("rendered") != null) {
            md.append(" This table was made again from that run's `bench.json` on ").append(report.get("rendered"))
                    .append(" (`bench/run --render`), after a change to its rows; the figures are the run's.");
        }
        md.append("\n\n");
        Object commandLine = results.getOrDefault("ours", Map.of()).get("commandLine");
        if (commandLine instanceof List<?> cmd && cmd.contains("-jar")) {
            md.append("Our server's JVM options, read from its process: `")
                    .append(cmd.subList(1, cmd.indexOf("-jar")).stream().map(String::valueOf).collect(Collectors.joining(" ")))
                    .append("`.\n\n");
        }
        md.append("| figure | ours | Node ws | ours ÷ Node | goal | met |\n|---|---:|---:|---:|---|---|\n");
        for (Comparison.Row r : rows) {
            md.append("| ").append(r.figure()).append(r.unit().isEmpty() ? "" : " (" + r.unit() + ")")
                    .append(" | ").append(fmt(r.ours())).append(" | ").append(fmt(r.peer()))
                    .append(" | ").append(r.ratio() == null ? "–" : r.ratio() + "×")
                    .append(" | ").append(r.goal())
                    .append(" | ").append(r.met() == null ? "" : r.met() ? "yes" : "**no**").append(" |\n");
        }
        md.append("\n![p99 latency against offered load](fanout-p99.png)\n");
        for (Map.Entry<String, Map<String, Object>> e : results.entrySet()) {
            md.append("\n## ").append(e.getKey()).append("\n\n");
            Map<String, Object> cold = (Map<String, Object>) e.getValue().get("cold");
            if (cold != null) {
                md.append("Cold, a fresh process for each: startup ").append(cold.get("startup"));
                if (cold.get("startupJavaJar") != null) {
                    md.append("; with plain `java -jar` ").append(cold.get("startupJavaJar"));
                }
                md.append("\n\nCold ramp: ").append(cold.get("connections")).append("\n\nCold restart storm: ")
                        .append(cold.get("restartStorm")).append("\n\n");
            }
            Map<String, Object> c = (Map<String, Object>) e.getValue().get("connections");
            if (c == null) {
                md.append("Fan-out to one room of ").append(settings.fanoutReceivers()).append(" (this peer runs fan-out only):\n\n");
                steps(md, (Map<String, Object>) e.getValue().get("fanout"));
                continue;
            }
            md.append("| connections | logins/s | login p50 / p99 (ms) | server CPU in ramp | load generator CPU in ramp | RSS (MB) | heap after GC (MB) | CPU µs/heartbeat | pong p99 (µs) |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Map<String, Object> s : (List<Map<String, Object>>) c.get("stages")) {
                md.append("| ").append(s.get("connections")).append(" | ").append(s.get("loginsPerSecond"))
                        .append(" | ").append(millis(s.get("loginP50Micros"))).append(" / ").append(millis(s.get("loginP99Micros")))
                        .append(" | ").append(percent((Number) s.get("rampServerCpuShare")))
                        .append(" | ").append(percent((Number) s.get("rampLoadGeneratorCpuShare")))
                        .append(" | ").append(((Number) s.get("rssBytes")).longValue() >> 20)
                        .append(" | ").append(((Number) s.get("heapAfterGcBytes")).longValue() >> 20)
                        .append(" | ").append(fmt((Number) s.get("cpuMicrosPerHeartbeat")))
                        .append(" | ").append(fmt((Number) s.get("pongP99Micros"))).append(" |\n");
            }
            md.append("\nHeld: ").append(c.get("hold")).append("\n\n");
            md.append("Fan-out to one room of ").append(settings.fanoutReceivers()).append(":\n\n");
            steps(md, (Map<String, Object>) e.getValue().get("fanout"));
            md.append("\n").append(settings.rooms()).append(" rooms of ").append(settings.roomSize())
                    .append(", one sender in each (deliveries count every member, the sender included):\n\n");
            steps(md, (Map<String, Object>) e.getValue().get("rooms"));
            md.append("\nStore: ").append(e.getValue().get("store")).append("\n\nReconnect storm: ")
                    .append(e.getValue().get("reconnectStorm")).append("\n");
        }
        Files.writeString(dir.resolve("BENCHMARK.md"), md.toString());
    }

    @SuppressWarnings("unchecked")
    private static void steps(StringBuilder md, Map<String, Object> f) {
        md.append("| offered/s | delivered/s | p50 (µs) | p99 (µs) | p99.9 (µs) | CPU µs/delivery | load generator CPU µs/delivery"
                        + " | server CPU | load generator CPU | pong p99 (µs) |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> s : (List<Map<String, Object>>) f.get("steps")) {
            md.append("| ").append(s.get("offeredPerSecond")).append(" | ").append(s.get("deliveredPerSecond"))
                    .append(" | ").append(fmt((Number) s.get("p50Micros"))).append(" | ").append(fmt((Number) s.get("p99Micros")))
                    .append(" | ").append(fmt((Number) s.get("p999Micros"))).append(" | ").append(fmt((Number) s.get("cpuMicrosPerDelivery")))
                    .append(" | ").append(fmt((Number) s.get("loadGeneratorCpuMicrosPerDelivery")))
                    .append(" | ").append(percent((Number) s.get("serverCpuShare"))).append(" | ").append(percent((Number) s.get("loadGeneratorCpuShare")))
                    .append(" | ").append(fmt((Number) s.get("pongP99Micros"))).append(" |\n");
        }
    }

    private static String millis(Object micros) {
        return micros == null ? "–" : String.valueOf(Math.round(((Number) micros).doubleValue() / 1_000));
    }

    private static String percent(Number share) {
        return share == null ? "–" : Math.round(share.doubleValue() * 100) + " %";
    }

    static String fmt(Number n) {
        if (n == null) {
            return "–";
        }
        double d = n.doubleValue();
        return d == Math.rint(d) ? String.format("%,d", (long) d) : String.format("%,.2f", d);
    }
}
