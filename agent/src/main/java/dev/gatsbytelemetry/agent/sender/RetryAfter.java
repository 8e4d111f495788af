package dev.gatsbytelemetry.agent.sender;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses an HTTP {@code Retry-After} header: either delta-seconds ({@code 120}) or an HTTP-date
 * ({@code Wed, 21 Oct 2015 07:28:00 GMT}). Results are clamped to {@code [0, max]}.
 */
final class RetryAfter {

    /** Returned when the header is absent or unreadable. */
    static final long NONE = -1;

    private RetryAfter() { }

    /**
     * @param header raw header value, may be null
     * @param nowMillis current wall-clock time, used for HTTP-dates
     * @param maxMillis upper bound of the result
     * @return the delay in milliseconds, or {@link #NONE}
     */
    static long parseMillis(String header, long nowMillis, long maxMillis) {
        if (header == null) {
            return NONE;
        }
        String value = header.trim();
        if (value.isEmpty()) {
            return NONE;
        }
        if (allDigits(value)) {
            if (value.length() > 12) {
                return maxMillis;
            }
            return Math.min(maxMillis, Long.parseLong(value) * 1000L);
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            long delta = at.toEpochMilli() - nowMillis;
            return Math.max(0, Math.min(maxMillis, delta));
        } catch (DateTimeParseException e) {
            return NONE;
        }
    }

    /** A plain loop: a stream with a lambda here loaded stream classes on the sender's warm-up. */
    private static boolean allDigits(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
