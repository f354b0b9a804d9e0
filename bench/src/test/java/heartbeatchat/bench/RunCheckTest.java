package heartbeatchat.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunCheckTest {

    private static Map<String, Object> result(long logins, long delivered, long storeGot, boolean allBack) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("connections", Map.of("loginsPerSecond", logins));
        r.put("fanout", Map.of("maxDeliveredPerSecond", delivered));
        r.put("rooms", Map.of("maxDeliveredPerSecond", delivered));
        r.put("store", Map.of("deliveries", storeGot, "expectedDeliveries", 400L));
        r.put("reconnectStorm", Map.of("allBack", allBack));
        r.put("cold", Map.of("connections", Map.of("loginsPerSecond", logins), "restartStorm", Map.of("allBack", allBack)));
        return r;
    }

    @Test
    void aRunThatDeliveredEverythingHasNoProblems() {
        assertEquals(List.of(), RunCheck.problems(Map.of("ours", result(900, 5_000, 400, true))));
    }

    @Test
    void aRunThatDeliveredNothingFailsNamingServerAndWorkload() {
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        results.put("ours", result(0, 0, 0, false));
        results.put("node-ws", result(900, 5_000, 399, true));
        assertEquals(List.of("ours connections: no login answered", "ours fan-out: nothing delivered",
                "ours rooms: nothing delivered", "ours store: 0 of 400 broadcasts delivered", "ours reconnect storm: not every client came back",
                "ours cold connections: no login answered", "ours cold restart storm: not every client came back",
                "node-ws store: 399 of 400 broadcasts delivered"), RunCheck.problems(results));
    }
}
