package heartbeatchat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a run must have done before its figures mean anything: logins happened, fan-out delivered,
 * the store run got every broadcast back, the storms' clients all came back (warm and cold). A run (smoke runs
 * included) that fails any of these exits 1 with the reasons, and writes no report.
 */
final class RunCheck {
    private RunCheck() {
    }

    /** One line per problem, naming the server and the workload; empty when the run is sound. */
    static List<String> problems(Map<String, Map<String, Object>> results) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> target : results.entrySet()) {
            String name = target.getKey();
            Map<String, Object> r = target.getValue();
            if (r.get("connections") instanceof Map<?, ?> c && number(c, "loginsPerSecond") <= 0) {
                problems.add(name + " connections: no login answered");
            }
            if (r.get("fanout") instanceof Map<?, ?> f && number(f, "maxDeliveredPerSecond") <= 0) {
                problems.add(name + " fan-out: nothing delivered");
            }
            if (r.get("rooms") instanceof Map<?, ?> f && number(f, "maxDeliveredPerSecond") <= 0) {
                problems.add(name + " rooms: nothing delivered");
            }
            if (r.get("store") instanceof Map<?, ?> s) {
                double got = number(s, "deliveries");
                double expected = number(s, "expectedDeliveries");
                if (got <= 0 || got < expected) {
                    problems.add(name + " store: " + (long) got + " of " + (long) expected + " broadcasts delivered");
                }
            }
            if (r.get("reconnectStorm") instanceof Map<?, ?> storm && !Boolean.TRUE.equals(storm.get("allBack"))) {
                problems.add(name + " reconnect storm: not every client came back");
            }
            if (r.get("cold") instanceof Map<?, ?> cold) {
                if (cold.get("connections") instanceof Map<?, ?> c && number(c, "loginsPerSecond") <= 0) {
                    problems.add(name + " cold connections: no login answered");
                }
                if (cold.get("restartStorm") instanceof Map<?, ?> storm && !Boolean.TRUE.equals(storm.get("allBack"))) {
                    problems.add(name + " cold restart storm: not every client came back");
                }
            }
        }
        return problems;
    }

    private static double number(Map<?, ?> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : 0;
    }
}
