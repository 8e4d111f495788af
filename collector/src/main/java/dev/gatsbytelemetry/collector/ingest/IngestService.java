package dev.gatsbytelemetry.collector.ingest;

import dev.gatsbytelemetry.collector.config.CollectorConfig.IngestLimits;
import dev.gatsbytelemetry.collector.ingest.BatchDecoder.MalformedBatchException;
import dev.gatsbytelemetry.collector.ingest.BoundedInputStream.BodyTooLargeException;
import dev.gatsbytelemetry.collector.ingest.IngestOutcome.Status;
import dev.gatsbytelemetry.collector.storage.BatchReceipt;
import dev.gatsbytelemetry.collector.storage.EventConsumer;
import dev.gatsbytelemetry.collector.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One ingest request from body to storage, with no HTTP in it: the idempotency check (before any
 * parsing), the bounds (parsing slots, queue capacity), decoding and the wait for the writer.
 */
public final class IngestService {

    /** Longest Idempotency-Key accepted; the agent sends a short stable id. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    /** Longest a request waits for one of the parsing slots before it is answered 429. */
    static final long PARSE_SLOT_WAIT_MS = 2_000;

    private final EventConsumer consumer;
    private final StorageWriter writer;
    private final BatchDecoder decoder;
    private final IngestLimits limits;
    private final Semaphore parsingSlots;

    public IngestService(EventConsumer consumer, StorageWriter writer, EventValidator validator, IngestLimits limits) {
        this.consumer = consumer;
        this.writer = writer;
        this.limits = limits;
        this.decoder = new BatchDecoder(validator, limits.maxCompressedBytes(), limits.maxDecompressedBytes());
        this.parsingSlots = new Semaphore(limits.maxConcurrentParses());
    }

    /**
     * @param contentEncoding the request's Content-Encoding, or null
     * @param contentLength   the declared body length, or -1
     * @param idempotencyKey  the request's Idempotency-Key, or null
     */
    public IngestOutcome ingest(InputStream body, String contentEncoding, long contentLength, String idempotencyKey) {
        if (contentLength > limits.maxCompressedBytes()) {
            return IngestOutcome.refused(Status.TOO_LARGE,
                    "request body larger than " + limits.maxCompressedBytes() + " bytes");
        }
        Optional<Boolean> gzip = gzip(contentEncoding);
        if (gzip.isEmpty()) {
            return IngestOutcome.refused(Status.UNSUPPORTED_ENCODING,
                    "unsupported Content-Encoding '" + contentEncoding + "': send gzip or none");
        }
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
        if (key != null && key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            return IngestOutcome.refused(Status.MALFORMED, "Idempotency-Key longer than "
                    + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
        try {
            if (key != null) {
                Optional<BatchReceipt> receipt = consumer.findReceipt(key);
                if (receipt.isPresent()) {
                    return new IngestOutcome(Status.ALREADY_STORED,
                            new IngestResult(0, receipt.get().events(), receipt.get().rejected(), List.of()), null);
                }
            }
        } catch (StorageException e) {
            return IngestOutcome.refused(Status.STORAGE_UNAVAILABLE, "storage unavailable");
        }
        if (writer.saturated() || !parsingSlot()) {
            return IngestOutcome.refused(Status.BUSY, "too many events waiting to be stored");
        }
        DecodedBatch batch;
        try {
            batch = decoder.decode(body, gzip.get());
        } catch (BodyTooLargeException e) {
            return IngestOutcome.refused(Status.TOO_LARGE, e.getMessage());
        } catch (MalformedBatchException e) {
            return IngestOutcome.refused(Status.MALFORMED, e.getMessage());
        } catch (IOException e) {
            return IngestOutcome.refused(Status.MALFORMED, "cannot read the request body: " + e.getMessage());
        } finally {
            parsingSlots.release();
        }
        BatchReceipt receipt = key == null ? null
                : new BatchReceipt(key, batch.events().size(), batch.rejected());
        if (batch.events().isEmpty() && receipt == null) {
            return IngestOutcome.stored(new IngestResult(0, 0, batch.rejected(), batch.rejections()));
        }
        CompletableFuture<IngestResult> result = writer.offer(batch, receipt);
        if (result == null) {
            return IngestOutcome.refused(Status.BUSY, "too many events waiting to be stored");
        }
        try {
            return IngestOutcome.stored(result.get(limits.storeTimeout().toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            // It may still be stored later; a resend is then counted as duplicates, never stored twice.
            return IngestOutcome.refused(Status.STORAGE_UNAVAILABLE, "storage did not answer in time");
        } catch (ExecutionException e) {
            return IngestOutcome.refused(Status.STORAGE_UNAVAILABLE, "storage unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return IngestOutcome.refused(Status.STOPPING, "collector stopping");
        }
    }

    /** A short wait for a parsing slot smooths bursts; a sustained flood still gets 429 quickly. */
    private boolean parsingSlot() {
        try {
            return parsingSlots.tryAcquire(PARSE_SLOT_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** gzip → true, none/identity → false, anything else → empty. */
    private static Optional<Boolean> gzip(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return Optional.of(false);
        }
        String encoding = contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
            return Optional.of(true);
        }
        return encoding.equals("identity") ? Optional.of(false) : Optional.empty();
    }
}
