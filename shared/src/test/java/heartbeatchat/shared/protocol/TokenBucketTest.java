package heartbeatchat.shared.protocol;

import heartbeatchat.shared.testing.FakeClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {
    private final FakeClock clock = new FakeClock();
    private final TokenBucket bucket = new TokenBucket(clock, 20, 5);

    @Test
    void aFullBucketLetsTheBurstThroughThenRefillsAtTheRate() {
        for (int i = 0; i < 20; i++) {
            assertTrue(bucket.tryTake(), "token " + i);
        }
        assertFalse(bucket.tryTake());
        assertEquals(200, bucket.millisUntilToken());
        clock.advance(199);
        assertFalse(bucket.tryTake());
        clock.advance(1);
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
    }

    @Test
    void itNeverHoldsMoreThanTheBurst() {
        clock.advance(3_600_000);
        for (int i = 0; i < 20; i++) {
            assertTrue(bucket.tryTake());
        }
        assertFalse(bucket.tryTake());
        assertEquals(0, new TokenBucket(clock, 1, 5).millisUntilToken());
    }
}
