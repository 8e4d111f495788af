package dev.gatsbytelemetry.collector.ingest;

/**
 * How one ingest request ended: stored (with its counts), or refused for a reason the HTTP layer
 * turns into a status code.
 *
 * @param status  what happened
 * @param result  the counts, when {@link Status#STORED} or {@link Status#ALREADY_STORED}
 * @param message for a refusal, a sentence saying why
 */
public record IngestOutcome(Status status, IngestResult result, String message) {

    /** Every way an ingest request can end. */
    public enum Status {
        /** Decoded and stored (some events may have been duplicates or rejected). */
        STORED,
        /** The Idempotency-Key names a batch stored before: acknowledged without parsing. */
        ALREADY_STORED,
        /** Not a JSON array of objects, or broken gzip. */
        MALFORMED,
        /** Above the compressed or the decompressed limit. */
        TOO_LARGE,
        /** A Content-Encoding other than gzip or identity. */
        UNSUPPORTED_ENCODING,
        /** Too much work waiting already: try again shortly. */
        BUSY,
        /** Storage failed or did not answer in time: nothing of the batch is known to be stored. */
        STORAGE_UNAVAILABLE,
        /** The collector is shutting down. */
        STOPPING
    }

    static IngestOutcome stored(IngestResult result) {
        return new IngestOutcome(Status.STORED, result, null);
    }

    static IngestOutcome refused(Status status, String message) {
        return new IngestOutcome(status, null, message);
    }
}
