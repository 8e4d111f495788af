package dev.gatsbytelemetry.collector.storage;

import java.time.LocalDateTime;
import java.util.Optional;

/**
 * The filters every question takes; each absent one matches everything. {@code from} is inclusive,
 * {@code to} exclusive, both UTC.
 */
public record Filters(Optional<String> component, Optional<String> version, Optional<String> command,
        Optional<LocalDateTime> from, Optional<LocalDateTime> to) {

    public static Filters none() {
        return new Filters(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
