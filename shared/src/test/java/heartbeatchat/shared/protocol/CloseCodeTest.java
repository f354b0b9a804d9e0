package heartbeatchat.shared.protocol;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloseCodeTest {
    @Test
    void onlyTheDocumentedTerminalCodesStopReconnecting() {
        assertFalse(CloseCode.reconnectAfter(4002));
        assertFalse(CloseCode.reconnectAfter(4008));
        for (int code : new int[] {1000, 1001, 1006, 1009, 1011, 1012, 1013, 4000, 4001, 4003, 4999, 1005}) {
            assertTrue(CloseCode.reconnectAfter(code), String.valueOf(code));
        }
    }

    @Test
    void codesAreUnique() {
        Set<Integer> seen = new HashSet<>();
        for (CloseCode c : CloseCode.values()) {
            assertTrue(seen.add(c.code()), c.name());
        }
    }
}
