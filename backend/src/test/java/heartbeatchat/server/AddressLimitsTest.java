package heartbeatchat.server;

import heartbeatchat.shared.testing.FakeClock;
import org.junit.jupiter.api.Test;

import static heartbeatchat.server.AddressLimits.Refusal.CONNECTING_TOO_FAST;
import static heartbeatchat.server.AddressLimits.Refusal.TOO_MANY_OPEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AddressLimitsTest {
    private final FakeClock clock = new FakeClock();
    private final AddressLimits limits = new AddressLimits(clock, 3, 1);

    @Test
    void anAddressMayHaveTheMostOpenAndTheNextIsRefusedWhileOthersAreNot() {
        for (int i = 0; i < 3; i++) {
            assertNull(limits.tryOpen("10.0.0.1"));
        }
        assertEquals(TOO_MANY_OPEN, limits.tryOpen("10.0.0.1"));
        assertNull(limits.tryOpen("10.0.0.2"), "another address is not affected");
        limits.closed("10.0.0.1");
        clock.advance(1_000);
        assertNull(limits.tryOpen("10.0.0.1"), "one closed, one may open");
        assertEquals(3, limits.open("10.0.0.1"));
    }

    @Test
    void closingAndReopeningFastIsRefusedUntilTheBucketRefills() {
        for (int i = 0; i < 3; i++) {
            assertNull(limits.tryOpen("10.0.0.1"));
            limits.closed("10.0.0.1");
        }
        assertEquals(0, limits.open("10.0.0.1"));
        assertEquals(1, limits.forgetIdle(), "not forgotten while its bucket is drawn on");
        assertEquals(CONNECTING_TOO_FAST, limits.tryOpen("10.0.0.1"));
        clock.advance(999);
        assertEquals(CONNECTING_TOO_FAST, limits.tryOpen("10.0.0.1"));
        clock.advance(1);
        assertNull(limits.tryOpen("10.0.0.1"), "one a second");
        assertEquals(0, limits.open("10.0.0.2"));
    }

    @Test
    void anAddressWithNothingOpenAndAFullBucketIsForgotten() {
        assertNull(limits.tryOpen("10.0.0.1"));
        limits.closed("10.0.0.1");
        clock.advance(999);
        assertEquals(1, limits.forgetIdle());
        clock.advance(1);
        assertEquals(0, limits.forgetIdle());
        limits.closed("10.0.0.1"); // a stray close counts nothing
        assertEquals(0, limits.open("10.0.0.1"));
    }
}
