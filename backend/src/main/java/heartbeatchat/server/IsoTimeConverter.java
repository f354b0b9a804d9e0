package heartbeatchat.server;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The time of a text log line, as {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSZ}} writes it
 * ({@code 2026-11-30T21:04:39.895+0000}), with the date, time and offset formatted once per second
 * and only the milliseconds per line. Logback formats the whole time again for every new millisecond,
 * which, at a line per login, was a share of every login and one of the larger compilations while a
 * fresh process took its first logins (docs/bench/PROFILE.md, section 12). Used as {@code %isoTime}.
 */
public final class IsoTimeConverter extends ClassicConverter {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xx", Locale.ROOT);

    /** A second's text: the date and time before the milliseconds, and the offset after them. */
    private record Second(long epochSecond, String dateTime, String offset) {
    }

    private final ZoneId zone;
    /** Lines may be formatted on several threads at once: the last second, replaced whole. */
    private volatile Second last = new Second(Long.MIN_VALUE, "", "");

    public IsoTimeConverter() {
        this(ZoneId.systemDefault());
    }

    IsoTimeConverter(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String convert(ILoggingEvent event) {
        return format(event.getTimeStamp());
    }

    String format(long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        Second s = last;
        if (s.epochSecond != epochSecond) {
            var time = Instant.ofEpochSecond(epochSecond).atZone(zone);
            s = new Second(epochSecond, SECOND.format(time), OFFSET.format(time));
            last = s;
        }
        StringBuilder line = new StringBuilder(s.dateTime.length() + 4 + s.offset.length());
        line.append(s.dateTime).append('.');
        if (millis < 100) {
            line.append('0');
        }
        if (millis < 10) {
            line.append('0');
        }
        return line.append(millis).append(s.offset).toString();
    }
}
