package dev.gatsbytelemetry.collector.storage;

/**
 * What the collector remembers of a batch sent with an {@code Idempotency-Key}: how many events it
 * carried and how many were rejected, so a resend is answered without being parsed again.
 */
public record BatchReceipt(String idempotencyKey, int events, int rejected) {
}
