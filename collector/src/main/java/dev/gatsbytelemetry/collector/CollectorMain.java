package dev.gatsbytelemetry.collector;

import dev.gatsbytelemetry.collector.config.CollectorConfig;
import dev.gatsbytelemetry.collector.config.CollectorConfigParser;
import dev.gatsbytelemetry.collector.config.ConfigException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;

/**
 * {@code java -jar gatsby-telemetry-collector.jar [--port N] [--db FILE|JDBC-URL] …}: starts a
 * collector, prints one line with its address once it is ready, and stops cleanly on SIGTERM
 * (the shutdown hook drains accepted requests before storage closes).
 */
public final class CollectorMain {

    private CollectorMain() {
    }

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println(CollectorConfigParser.USAGE);
            return;
        }
        // Stored times are UTC wall-clock times; a UTC JVM makes every driver read and write them alike.
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        CollectorConfig config;
        try {
            config = CollectorConfigParser.parse(arguments);
        } catch (ConfigException e) {
            System.err.println("gatsby-telemetry-collector: " + e.getMessage());
            System.err.println(CollectorConfigParser.USAGE);
            System.exit(2);
            return;
        }
        Collector collector;
        try {
            collector = Collector.start(config);
        } catch (SQLException | RuntimeException e) {
            System.err.println("gatsby-telemetry-collector: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            collector.close();
            // One line for operators and benchmarks: how large the group commits were.
            System.err.println("gatsby-telemetry-collector stopped; " + collector.writerStatistics());
        }, "collector-shutdown"));
        System.out.println("gatsby-telemetry-collector listening on " + collector.address() + "/ (storage: "
                + collector.storageDescription() + ")");
        System.out.flush();
    }
}
