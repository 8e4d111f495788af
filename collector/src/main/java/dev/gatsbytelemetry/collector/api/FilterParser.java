package dev.gatsbytelemetry.collector.api;

import dev.gatsbytelemetry.collector.storage.Filters;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the filters every question takes from query parameters: {@code component}, {@code version},
 * {@code command}, and {@code from}/{@code to} as a date ({@code 2026-12-01}, midnight UTC) or an
 * instant ({@code 2026-12-01T10:00:00Z}).
 */
public final class FilterParser {

    private FilterParser() {
    }

    /**
     * @param parameter the request's query parameter by name, null when absent
     * @throws IllegalArgumentException naming a {@code from}/{@code to} that is not a date or instant
     */
    public static Filters parse(Function<String, String> parameter) {
        return new Filters(text(parameter.apply("component")), text(parameter.apply("version")),
                text(parameter.apply("command")), time("from", parameter.apply("from")),
                time("to", parameter.apply("to")));
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static Optional<LocalDateTime> time(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            if (v.length() == 10) {
                return Optional.of(LocalDate.parse(v).atStartOfDay());
            }
            return Optional.of(LocalDateTime.ofInstant(Instant.parse(v), ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date (2026-12-01) or an instant (2026-12-01T10:00:00Z)");
        }
    }
}
