package dev.gatsbytelemetry.collector;

import dev.gatsbytelemetry.collector.config.CollectorConfig;
import dev.gatsbytelemetry.collector.http.CollectorServer;
import dev.gatsbytelemetry.collector.ingest.EventValidator;
import dev.gatsbytelemetry.collector.ingest.IngestService;
import dev.gatsbytelemetry.collector.ingest.StorageWriter;
import dev.gatsbytelemetry.collector.storage.RetentionSchedule;
import dev.gatsbytelemetry.collector.storage.StorageComponent;
import dev.gatsbytelemetry.collector.storage.StorageFactory;
import java.sql.SQLException;
import java.time.Clock;

/**
 * One running collector: storage, the writer in front of it, ingest, the HTTP server and the
 * retention schedule, started in that order and stopped in the reverse one, so that every request
 * accepted before a stop is stored before storage closes.
 */
public final class Collector implements AutoCloseable {

    private final CollectorConfig config;
    private final StorageComponent storage;
    private final StorageWriter writer;
    private final CollectorServer server;
    private final RetentionSchedule retention;
    private int port;
    private boolean stopped;

    private Collector(CollectorConfig config, StorageComponent storage) {
        this.config = config;
        this.storage = storage;
        this.writer = new StorageWriter(storage.consumer(), storage.writerThreads(), config.limits().maxQueuedBytes());
        IngestService ingest = new IngestService(storage.consumer(), writer, new EventValidator(), config.limits());
        this.server = new CollectorServer(config, ingest, storage.queries());
        this.retention = new RetentionSchedule(storage.consumer(), config.retention(), Clock.systemUTC());
    }

    /** Opens storage (migrating its schema) and starts listening. */
    public static Collector start(CollectorConfig config) throws SQLException {
        return start(config, StorageFactory.open(config.database(), config.dbMemoryMb()));
    }

    /** Starts listening in front of storage already open; the collector closes it when it stops. */
    public static Collector start(CollectorConfig config, StorageComponent storage) {
        try {
            Collector collector = new Collector(config, storage);
            collector.port = collector.server.start();
            return collector;
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** The port listened on. */
    public int port() {
        return port;
    }

    /** {@code http://host:port}, with brackets around an IPv6 address. */
    public String address() {
        String host = config.bind().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** How the writer's group commits turned out so far (printed when the collector stops). */
    public StorageWriter.Statistics writerStatistics() {
        return writer.statistics();
    }

    public String storageDescription() {
        return storage.describe();
    }

    /** Stops taking requests, finishes those accepted, stores what is queued, closes storage. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        server.stop(config.drainTimeout());
        writer.closeWithin(config.drainTimeout());
        retention.close();
        storage.close();
    }
}
