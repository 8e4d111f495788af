package dev.gatsbytelemetry.agent.event;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * ISO-8601 UTC timestamps with millisecond precision, as Gatsby's {@code Date.toJSON()} writes them
 * ({@code 2026-11-27T08:50:00.000Z}), formatted by hand: on JDK 17, {@code Instant.toString()} goes
 * through {@code DateTimeFormatter}, whose class initialiser builds every predefined formatter and
 * loaded some 50 classes on the recorder thread while the application starts.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** {@code epochMillis} as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}; years outside 0–9999 as {@link Instant#toString()}. */
    public static String utc(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, millis * 1_000_000, ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        StringBuilder b = new StringBuilder(24);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2).append('.');
        return pad(b, millis, 3).append('Z').toString();
    }

    /** {@code epochMillis} as {@code yyyyMMddTHHmmssSSSZ}, for file names. */
    public static String compactUtc(long epochMillis) {
        return utc(epochMillis).replace("-", "").replace(":", "").replace(".", "");
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }
}
