package heartbeatchat.server;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IsoTimeConverterTest {
    /** What the log lines said before: Logback's {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSZ}}. */
    private static String logback(long epochMillis, ZoneId zone) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT).withZone(zone)
                .format(Instant.ofEpochMilli(epochMillis));
    }

    @Test
    void writesWhatLogbacksDatePatternWrote() {
        long base = Instant.parse("2026-11-30T21:04:39Z").toEpochMilli();
        List<Long> times = List.of(base, base + 1, base + 9, base + 10, base + 99, base + 100, base + 999, base + 1000,
                base + 1_005, base + 61_230, 0L, -1L, -999L, -1_000L, -1_001L);
        for (String zone : List.of("UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Berlin")) {
            IsoTimeConverter converter = new IsoTimeConverter(ZoneId.of(zone));
            for (long t : times) {
                assertEquals(logback(t, ZoneId.of(zone)), converter.format(t), zone + " " + t);
            }
        }
    }

    @Test
    void theOffsetFollowsADaylightSavingChangeWithinTheSameMinute() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        IsoTimeConverter converter = new IsoTimeConverter(berlin);
        long change = Instant.parse("2026-10-25T01:00:00Z").toEpochMilli(); // 03:00 CEST becomes 02:00 CET
        for (long t = change - 2_500; t <= change + 2_500; t += 250) {
            assertEquals(logback(t, berlin), converter.format(t), "at " + t);
        }
        assertEquals("2026-10-25T02:59:59.999+0200", converter.format(change - 1));
        assertEquals("2026-10-25T02:00:00.000+0100", converter.format(change));
    }

    @Test
    void aLaterSecondAndThenAnEarlierOneAreBothRight() {
        ZoneId utc = ZoneId.of("UTC");
        IsoTimeConverter converter = new IsoTimeConverter(utc);
        long t = Instant.parse("2026-11-30T21:04:39.895Z").toEpochMilli();
        assertEquals("2026-11-30T21:04:39.895+0000", converter.format(t));
        assertEquals("2026-11-30T21:04:40.007+0000", converter.format(t + 112));
        assertEquals("2026-11-30T21:04:39.896+0000", converter.format(t + 1)); // a line from another thread, a little late
    }
}
