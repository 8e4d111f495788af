package dev.gatsbytelemetry.collector;

import dev.gatsbytelemetry.collector.config.CollectorConfig;
import dev.gatsbytelemetry.collector.config.CollectorConfigParser;
import dev.gatsbytelemetry.collector.storage.StorageComponent;
import java.util.ArrayList;
import java.util.List;

/** Starts in-process collectors on loopback, port 0, with the given extra flags. */
public final class TestCollectors {

    private TestCollectors() {
    }

    public static CollectorConfig config(String database, String... flags) {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--db", database));
        args.addAll(List.of(flags));
        return CollectorConfigParser.parse(args);
    }

    public static Collector start(String database, String... flags) {
        try {
            return Collector.start(config(database, flags));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Collector start(StorageComponent storage, String... flags) {
        return Collector.start(config("unused.duckdb", flags), storage);
    }

    public static Http client(Collector collector) {
        return new Http(collector.address());
    }
}
