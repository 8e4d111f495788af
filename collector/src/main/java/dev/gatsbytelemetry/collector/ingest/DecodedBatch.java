package dev.gatsbytelemetry.collector.ingest;

import dev.gatsbytelemetry.collector.storage.StoredEvent;
import java.util.List;

/**
 * A request body after decoding: its valid events ready to store, how many were rejected and why
 * (the first few reasons), and the decoded size, which the ingest queue counts against its bound.
 */
public record DecodedBatch(List<StoredEvent> events, int rejected, List<Rejection> rejections, long decodedBytes) {

    /** Why the event at {@code index} of the array was not stored. */
    public record Rejection(int index, String reason) {
    }
}
