import dev.gatsbytelemetry.collector.Collector;
import dev.gatsbytelemetry.collector.config.CollectorConfigParser;
import dev.gatsbytelemetry.collector.storage.duckdb.DuckDbStorage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Where the collector's memory goes under an ingest flood: the collector runs in this process on a
 * DuckDB file, {@code IngestLoad} floods it from a child process, and every 2 s this prints the
 * process's RSS beside the Java heap in use, DuckDB's own account ({@code duckdb_memory()}: what its
 * buffer manager holds, by tag) and the rest (glibc's heaps, thread stacks, the JVM's native parts).
 * Run with {@code -XX:NativeMemoryTracking=summary} and {@code jcmd PID VM.native_memory summary}
 * for the JVM's share.
 *
 * <pre>java -Xmx512m -cp collector/target/gatsby-telemetry-collector.jar bench/collector/FloodMemory.java FILE MEMORY_MB SECONDS [collector flags…]
 * MALLOC_ARENA_MAX=2 DUCKDB_THREADS=1 java …   (glibc's arenas, DuckDB's threads)</pre>
 */
public final class FloodMemory {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long memoryMb = Long.parseLong(args[1]);
        int seconds = Integer.parseInt(args[2]);
        List<String> flags = new ArrayList<>(List.of("--port", "0", "--db", file.toString()));
        flags.addAll(List.of(args).subList(3, args.length));
        DuckDbStorage storage = DuckDbStorage.open(file, memoryMb);
        var poolField = DuckDbStorage.class.getDeclaredField("pool");
        poolField.setAccessible(true);
        DataSource pool = (DataSource) poolField.get(storage);
        // DUCKDB_THREADS=N: DuckDB's worker threads (its default: one per core), to see what they cost in memory.
        if (System.getenv("DUCKDB_THREADS") != null) {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SET threads = " + Integer.parseInt(System.getenv("DUCKDB_THREADS")));
            }
        }
        try (Collector collector = Collector.start(CollectorConfigParser.parse(flags), storage)) {
            Process load = new ProcessBuilder("java", "bench/collector/IngestLoad.java", "--url", collector.address().replaceAll("/$", "") + "/v1/events",
                    "--seconds", String.valueOf(seconds), "--clients", "32", "--batch", "2000", "--rate", "0")
                    .inheritIO().start();
            long peakRss = 0;
            while (load.isAlive()) {
                Thread.sleep(2_000);
                long rss = status("VmRSS");
                peakRss = Math.max(peakRss, rss);
                System.out.printf("rss %5d MiB  heap used %4d MiB  %s%n", rss, heapUsedMib(), duckdb(pool));
            }
            System.out.printf("peak rss %d MiB (VmHWM %d MiB); after the load: %s%n", peakRss, status("VmHWM"), duckdb(pool));
        }
    }

    private static String duckdb(DataSource pool) throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            StringBuilder out = new StringBuilder("duckdb");
            long total = 0;
            try (ResultSet rows = statement.executeQuery("SELECT tag, memory_usage_bytes FROM duckdb_memory() "
                    + "WHERE memory_usage_bytes > 0 ORDER BY memory_usage_bytes DESC")) {
                while (rows.next()) {
                    total += rows.getLong(2);
                    out.append(' ').append(rows.getString(1)).append('=').append(rows.getLong(2) >> 20).append("M");
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT memory_usage, wal_size FROM pragma_database_size()")) {
                if (rows.next()) {
                    out.append("  database_size memory=").append(rows.getString(1)).append(" wal=").append(rows.getString(2));
                }
            }
            return "total " + (total >> 20) + " MiB: " + out;
        }
    }

    private static long heapUsedMib() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static long status(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        }
        return -1;
    }
}
