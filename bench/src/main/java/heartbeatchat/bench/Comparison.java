package heartbeatchat.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each headline figure, ours beside the peer's, with the ratio and the goal it is held to: the cold
 * figures first (a fresh process per workload, no warm-up), then the warm ones.
 */
final class Comparison {
    private Comparison() {
    }

    record Row(String figure, String unit, Number ours, Number peer, Double ratio, String goal, Boolean met) {
    }

    @SuppressWarnings("unchecked")
    private static Number get(Map<String, Object> r, String workload, String key) {
        Object w = r.get(workload);
        return w == null ? null : (Number) ((Map<String, Object>) w).get(key);
    }

    @SuppressWarnings("unchecked")
    private static Number hold(Map<String, Object> r, String key) {
        Map<String, Object> c = (Map<String, Object>) r.get("connections");
        return (Number) ((Map<String, Object>) c.get("hold")).get(key);
    }

    @SuppressWarnings("unchecked")
    private static Number largestStage(Map<String, Object> r, String key) {
        Map<String, Object> c = (Map<String, Object>) r.get("connections");
        if (c == null) {
            return null;
        }
        List<Map<String, Object>> stages = (List<Map<String, Object>>) c.get("stages");
        return (Number) stages.get(stages.size() - 1).get(key);
    }

    @SuppressWarnings("unchecked")
    private static Number cold(Map<String, Object> r, String workload, String key) {
        Object c = r.get("cold");
        return c == null ? null : get((Map<String, Object>) c, workload, key);
    }

    /**
     * @param coalescing the coalescing Node peer's results (fan-out only): its row compares with it,
     *                   every other row with the plain peer
     */
    static List<Row> of(Map<String, Object> ours, Map<String, Object> peer, Map<String, Object> coalescing) {
        List<Row> rows = new ArrayList<>();
        rows.add(row("cold: exec to the first login answered (bin/heartbeat-chat; median of fresh starts)", "ms",
                cold(ours, "startup", "execToFirstLoginMillis"), cold(peer, "startup", "execToFirstLoginMillis"), "ours ≤ 500 ms",
                false, null));
        rows.add(row("cold: exec to the first login answered (plain java -jar)", "ms",
                cold(ours, "startupJavaJar", "execToFirstLoginMillis"), cold(peer, "startup", "execToFirstLoginMillis"), "(shown)",
                false, null));
        rows.add(row("cold: restart storm, seconds until all " + cold(ours, "restartStorm", "clients") + " clients are back", "s",
                cold(ours, "restartStorm", "secondsUntilAllBack"), cold(peer, "restartStorm", "secondsUntilAllBack"), "≤ 1.0×",
                false, 1.0));
        rows.add(row("cold: connect-and-login rate over the ramp from 0 to " + cold(ours, "connections", "connections"), "/s",
                cold(ours, "connections", "loginsPerSecond"), cold(peer, "connections", "loginsPerSecond"), "≥ 1.0×", true, 1.0));
        rows.add(row("cold: resident memory per connection (slope from 0)", "bytes",
                cold(ours, "connections", "rssBytesPerConnection"), cold(peer, "connections", "rssBytesPerConnection"), "≤ 1.0×",
                false, 1.0));
        rows.add(row("cold: heap after GC per connection (slope from 0)", "bytes",
                cold(ours, "connections", "heapBytesPerConnection"), cold(peer, "connections", "heapBytesPerConnection"), "(shown)",
                false, null));
        rows.add(row("cold: CPU per heartbeat, idle at the largest stage", "µs",
                cold(ours, "connections", "cpuMicrosPerHeartbeat"), cold(peer, "connections", "cpuMicrosPerHeartbeat"), "(shown)",
                false, null));
        rows.add(row("deliveries/s at p99 ≤ 50 ms (fan-out to 1000), against the coalescing peer", "/s",
                get(ours, "fanout", "deliveriesPerSecondAtP99Under50ms"),
                coalescing == null ? null : get(coalescing, "fanout", "deliveriesPerSecondAtP99Under50ms"), "≥ 1.0×", true, 1.0));
        rows.add(row("most deliveries/s delivered (fan-out saturation), against the coalescing peer", "/s",
                get(ours, "fanout", "maxDeliveredPerSecond"),
                coalescing == null ? null : get(coalescing, "fanout", "maxDeliveredPerSecond"), "(shown)", true, null));
        Number topStep = get(ours, "fanout", "topStepOfferedPerSecond");
        rows.add(row("fan-out p99 at the top step (" + (topStep == null ? "?" : String.format("%,d", topStep.longValue()))
                        + "/s offered), against the coalescing peer", "µs",
                get(ours, "fanout", "p99MicrosAtTopStep"),
                coalescing == null ? null : get(coalescing, "fanout", "p99MicrosAtTopStep"), "(shown)", false, null));
        rows.add(row("deliveries/s at p99 ≤ 50 ms (fan-out to 1000)", "/s", get(ours, "fanout", "deliveriesPerSecondAtP99Under50ms"),
                get(peer, "fanout", "deliveriesPerSecondAtP99Under50ms"), "≥ 1.5×", true, 1.5));
        rows.add(row("deliveries/s at p99 ≤ 50 ms (1000 rooms of 19, one sender each)", "/s",
                get(ours, "rooms", "deliveriesPerSecondAtP99Under50ms"), get(peer, "rooms", "deliveriesPerSecondAtP99Under50ms"),
                "≥ 1.5×", true, 1.5));
        rows.add(row("most deliveries/s delivered (rooms saturation)", "/s", get(ours, "rooms", "maxDeliveredPerSecond"),
                get(peer, "rooms", "maxDeliveredPerSecond"), "(shown)", true, null));
        rows.add(row("rooms p99 at the first step", "µs", get(ours, "rooms", "p99MicrosAtFirstStep"),
                get(peer, "rooms", "p99MicrosAtFirstStep"), "(shown)", false, null));
        rows.add(row("most deliveries/s delivered (fan-out saturation)", "/s", get(ours, "fanout", "maxDeliveredPerSecond"),
                get(peer, "fanout", "maxDeliveredPerSecond"), "(shown)", true, null));
        // Warm, the process may already hold what the stages need: with a 16 MB young generation the
        // warm-up grew our old generation, and the resident memory stayed flat over the stages. The
        // slopes are shown; the goal is held by the cold slope, from no connection in a fresh process.
        rows.add(row("resident memory per connection (slope from the second stage)", "bytes",
                get(ours, "connections", "rssBytesPerConnection"), get(peer, "connections", "rssBytesPerConnection"),
                "(shown; the cold slope holds the goal)", false, null));
        rows.add(row("resident memory at the largest stage", "bytes", largestStage(ours, "rssBytes"),
                largestStage(peer, "rssBytes"), "(shown)", false, null));
        rows.add(row("resident memory per connection (slope from the first stage)", "bytes",
                get(ours, "connections", "rssBytesPerConnectionFromFirstStage"),
                get(peer, "connections", "rssBytesPerConnectionFromFirstStage"), "(shown)", false, null));
        rows.add(row("heap after GC per connection (slope from the second stage)", "bytes",
                get(ours, "connections", "heapBytesPerConnection"), get(peer, "connections", "heapBytesPerConnection"),
                "(shown)", false, null));
        rows.add(row("CPU per heartbeat", "µs", get(ours, "connections", "cpuMicrosPerHeartbeat"),
                get(peer, "connections", "cpuMicrosPerHeartbeat"), "≤ 1.0×", false, 1.0));
        rows.add(row("connect-and-login rate", "/s", get(ours, "connections", "loginsPerSecond"),
                get(peer, "connections", "loginsPerSecond"), "≥ 1.0×", true, 1.0));
        rows.add(row("fan-out p99 at the first step", "µs", get(ours, "fanout", "p99MicrosAtFirstStep"),
                get(peer, "fanout", "p99MicrosAtFirstStep"), "≤ 1.0×", false, 1.0));
        rows.add(row("pong p99, largest stage idle", "µs", get(ours, "connections", "pongP99Micros"),
                get(peer, "connections", "pongP99Micros"), "(shown)", false, null));
        rows.add(row("slowest pong while holding the largest stage", "µs", hold(ours, "pongMaxMicros"),
                hold(peer, "pongMaxMicros"), "ours < 3 s", false, null));
        rows.add(row("messages/s stored and broadcast (ours durable, peer in memory)", "/s",
                get(ours, "store", "messagesPerSecond"), get(peer, "store", "messagesPerSecond"), "(shown)", true, null));
        rows.add(row("reconnect storm: seconds until all back", "s", get(ours, "reconnectStorm", "secondsUntilAllBack"),
                get(peer, "reconnectStorm", "secondsUntilAllBack"), "(shown)", false, null));
        rows.add(row("reconnect storm: peak connects per 100 ms", "", get(ours, "reconnectStorm", "peakConnectsPer100ms"),
                get(peer, "reconnectStorm", "peakConnectsPer100ms"), "(shown)", false, null));
        return rows;
    }

    private static Row row(String figure, String unit, Number ours, Number peer, String goal, boolean higherIsBetter,
                           Double bound) {
        Double exact = ours == null || peer == null || peer.doubleValue() == 0 ? null : ours.doubleValue() / peer.doubleValue();
        Double ratio = exact == null ? null : Math.round(exact * 100) / 100.0;
        if (ratio != null && bound != null && ratio.equals(bound) && exact != bound.doubleValue()) {
            ratio = Math.round(exact * 1000) / 1000.0; // a third decimal where two would hide the verdict
        }
        Boolean met = null;
        if (exact != null && bound != null) {
            // on the ratio itself, not the rounded one shown: 1.002× is not ≤ 1.0×
            met = higherIsBetter ? exact >= bound : exact <= bound;
        }
        if (figure.startsWith("slowest pong") && ours != null) {
            met = ours.doubleValue() < 3_000_000;
        }
        if (goal.equals("ours ≤ 500 ms") && ours != null) {
            met = ours.doubleValue() <= 500;
        }
        return new Row(figure, unit, ours, peer, ratio, goal, met);
    }

    static Map<String, Object> asMap(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("figure", r.figure());
        m.put("unit", r.unit());
        m.put("ours", r.ours());
        m.put("peer", r.peer());
        m.put("ratio", r.ratio());
        m.put("goal", r.goal());
        m.put("met", r.met());
        return m;
    }
}
