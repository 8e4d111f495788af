package dev.gatsbytelemetry.collector.storage;

/**
 * One storage backend, seen from the rest of the collector as two jobs: an {@link EventConsumer}
 * that ingest writes to, and a {@link QueryStore} the API reads from. The HTTP layer knows nothing
 * else about where events live; one implementation exists per backend (DuckDB, PostgreSQL).
 */
public interface StorageComponent extends AutoCloseable {

    /** Where ingest writes. */
    EventConsumer consumer();

    /** Where the API reads. */
    QueryStore queries();

    /** How many writer threads this backend wants: one for an embedded single-writer database. */
    int writerThreads();

    /** For the ready line: backend and location, never a password. */
    String describe();

    /** Closes every connection; pending writes must have been drained before. */
    @Override
    void close();
}
