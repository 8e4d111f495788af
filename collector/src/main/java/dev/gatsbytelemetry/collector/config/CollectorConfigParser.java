package dev.gatsbytelemetry.collector.config;

import dev.gatsbytelemetry.collector.storage.duckdb.DuckDbStorage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns {@code --name value} (or {@code --name=value}) arguments into a {@link CollectorConfig}.
 * Refuses to start an exposed collector whose data anybody could read: a bind address beyond
 * loopback needs {@code --read-token}.
 */
public final class CollectorConfigParser {

    /** The flags, each with what it means, printed by {@code --help}. */
    public static final String USAGE = String.join("\n",
            "usage: java -jar gatsby-telemetry-collector.jar [options]",
            "  --port N                 TCP port (default 8787; 0 picks a free one)",
            "  --db FILE|JDBC-URL       DuckDB file (default telemetry.duckdb) or jdbc:postgresql://host/db?user=...",
            "  --bind ADDRESS           listen address (default 127.0.0.1)",
            "  --ingest-token TOKEN     require this token on POST /v1/events (Bearer header or ?token=)",
            "  --read-token TOKEN       require this token on /api (required when --bind is not loopback)",
            "  --retention-days N       delete events older than N days, once a day (default 400)",
            "  --max-body-bytes N       largest request body as sent (default 5 MiB)",
            "  --max-decompressed-bytes N  largest body after gzip (default 50 MiB)",
            "  --max-queued-bytes N     event bytes waiting for storage before 429 (default 64 MiB)",
            "  --db-memory-mb N         most memory the DuckDB file may use, outside the heap (default 1024)");

    private static final Set<String> FLAGS = Set.of("port", "db", "bind", "ingest-token", "read-token",
            "retention-days", "max-body-bytes", "max-decompressed-bytes", "max-queued-bytes", "max-concurrent-parses", "db-memory-mb");

    private CollectorConfigParser() {
    }

    /** @throws ConfigException naming the flag at fault, with the usage text */
    public static CollectorConfig parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new ConfigException("--" + name + " needs a value");
            }
            if (!FLAGS.contains(name)) {
                throw new ConfigException("unknown option --" + name);
            }
            values.put(name, value);
        }
        InetAddress bind = address(values.getOrDefault("bind", "127.0.0.1"));
        Optional<String> readToken = token(values, "read-token");
        if (!bind.isLoopbackAddress() && readToken.isEmpty()) {
            throw new ConfigException("--bind " + bind.getHostAddress()
                    + " exposes the API beyond this machine: give --read-token too");
        }
        CollectorConfig.IngestLimits defaults = CollectorConfig.IngestLimits.defaults();
        CollectorConfig.IngestLimits limits = new CollectorConfig.IngestLimits(
                number(values, "max-body-bytes", defaults.maxCompressedBytes(), 1),
                number(values, "max-decompressed-bytes", defaults.maxDecompressedBytes(), 1),
                (int) number(values, "max-concurrent-parses", defaults.maxConcurrentParses(), 1),
                number(values, "max-queued-bytes", defaults.maxQueuedBytes(), 1),
                defaults.storeTimeout());
        return new CollectorConfig(
                (int) number(values, "port", 8787, 0),
                bind,
                values.getOrDefault("db", "telemetry.duckdb"),
                token(values, "ingest-token"),
                readToken,
                Duration.ofDays(number(values, "retention-days", 400, 1)),
                limits,
                Duration.ofSeconds(20),
                number(values, "db-memory-mb", DuckDbStorage.DEFAULT_MEMORY_MB, 64));
    }

    private static Optional<String> token(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value != null && value.isBlank()) {
            throw new ConfigException("--" + name + " must not be empty");
        }
        return Optional.ofNullable(value);
    }

    private static long number(Map<String, String> values, String name, long fallback, long min) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n < min || (name.equals("port") && n > 65535)) {
                throw new ConfigException("--" + name + " out of range: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException("--" + name + " is not a number: " + value);
        }
    }

    private static InetAddress address(String value) {
        try {
            // A literal address or a name the resolver knows; "localhost" stays loopback.
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new ConfigException("--bind: unknown address " + value);
        }
    }
}
