package heartbeatchat.shared.connection;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReconnectBackoffTest {

    @Test
    void withoutJitterTheDelayDoublesFromThreeSecondsToTheCap() {
        ReconnectBackoff b = new ReconnectBackoff(3_000, 30_000, 2.0, 0.3, () -> 0.0);
        assertEquals(3_000, b.delayMillis(1));
        assertEquals(6_000, b.delayMillis(2));
        assertEquals(12_000, b.delayMillis(3));
        assertEquals(24_000, b.delayMillis(4));
        assertEquals(30_000, b.delayMillis(5));
        assertEquals(30_000, b.delayMillis(1_000));
    }

    @Test
    void jitterAddsUpToItsFractionAndNeverPassesTheCap() {
        ReconnectBackoff highest = new ReconnectBackoff(3_000, 30_000, 2.0, 0.3, () -> 0.999_999);
        assertEquals(3_899, highest.delayMillis(1));
        assertEquals(7_799, highest.delayMillis(2));
        assertEquals(15_599, highest.delayMillis(3));
        assertEquals(30_000, highest.delayMillis(4)); // 24 s + 30 % would be 31.2 s
        assertEquals(30_000, highest.delayMillis(9));

        ReconnectBackoff middle = new ReconnectBackoff(3_000, 30_000, 2.0, 0.3, () -> 0.5);
        assertEquals(3_450, middle.delayMillis(1));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ReconnectBackoff(5, 4, 2, 0, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectBackoff(1, 4, 0.5, 0, () -> 0));
        ReconnectBackoff b = new ReconnectBackoff(1, 4, 2, 0, () -> 0);
        assertThrows(IllegalArgumentException.class, () -> b.delayMillis(0));
    }
}
