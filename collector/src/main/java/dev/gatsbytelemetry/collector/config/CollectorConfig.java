package dev.gatsbytelemetry.collector.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the collector was told on its command line, parsed once by {@link CollectorConfigParser}
 * and never changed afterwards.
 *
 * @param port            TCP port to listen on ({@code 0}: any free port; the ready line names it)
 * @param bind            address to listen on; loopback unless {@code --bind} says otherwise
 * @param database        a DuckDB file path, or a {@code jdbc:postgresql:} URL
 * @param ingestToken     when present, {@code POST /v1/events} requires it
 * @param readToken       when present, the API requires it (mandatory when {@link #bind} is not loopback)
 * @param retention       events older than this are deleted, once a day
 * @param limits          body sizes and queue bounds of ingest
 * @param drainTimeout    how long a SIGTERM waits for accepted requests to be stored
 * @param dbMemoryMb      the most memory the embedded DuckDB may use, in MiB (its buffers live
 *                        outside the Java heap; DuckDB's own default is 80% of the machine's memory)
 */
public record CollectorConfig(
        int port,
        InetAddress bind,
        String database,
        Optional<String> ingestToken,
        Optional<String> readToken,
        Duration retention,
        IngestLimits limits,
        Duration drainTimeout,
        long dbMemoryMb) {

    /** Whether {@link #database} names a PostgreSQL server rather than a DuckDB file. */
    public boolean postgres() {
        return database.startsWith("jdbc:postgresql:");
    }

    /**
     * Bounds of the ingest path: what one request may carry and how much work may wait for storage.
     *
     * @param maxCompressedBytes   largest request body as sent (413 above)
     * @param maxDecompressedBytes largest body after gzip (413 above, checked while inflating)
     * @param maxConcurrentParses  requests parsed at the same time; more get 429 at once
     * @param maxQueuedBytes       decoded event bytes waiting for storage; more get 429
     * @param storeTimeout         longest a request waits for storage before answering 503
     */
    public record IngestLimits(
            long maxCompressedBytes,
            long maxDecompressedBytes,
            int maxConcurrentParses,
            long maxQueuedBytes,
            Duration storeTimeout) {

        public static IngestLimits defaults() {
            return new IngestLimits(5L << 20, 50L << 20, 4, 64L << 20, Duration.ofSeconds(10));
        }
    }
}
