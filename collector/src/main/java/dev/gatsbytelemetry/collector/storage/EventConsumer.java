package dev.gatsbytelemetry.collector.storage;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The write side of storage: stores each event once, however often and wherever it arrives. */
public interface EventConsumer {

    /**
     * Stores, in one transaction, the events whose {@code eventId} is not stored yet, their stage and
     * plugin rows, and the batches' idempotency keys.
     *
     * @return the ids of the events this call stored (the others were already there)
     * @throws StorageException when the transaction did not commit: nothing of it is stored
     */
    Set<String> store(List<StoredEvent> events, Collection<BatchReceipt> receipts) throws StorageException;

    /** The receipt of a batch stored earlier under this {@code Idempotency-Key}, if any. */
    Optional<BatchReceipt> findReceipt(String idempotencyKey) throws StorageException;

    /** Deletes events (and their rows and receipts) older than {@code cutoff}; returns events deleted. */
    long deleteOlderThan(Instant cutoff) throws StorageException;
}
