import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Runs SQL files (the collector's questions, {@code :filters} read as no filter, or as the condition in
 * the environment variable {@code FILTERS}) against a DuckDB
 * file in this process, three times each, and prints the best wall and process CPU time and a hash
 * of the rows: two forms of one question side by side, and a check that their answers are the same.
 *
 * <pre>java -cp collector/target/gatsby-telemetry-collector.jar bench/collector/CompareQueries.java FILE a.sql b.sql …
 * FILTERS="component_id = 'sitegen' AND event_time >= TIMESTAMP '2026-03-01'" java … (the same, filtered)</pre>
 */
public final class CompareQueries {

    public static void main(String[] args) throws Exception {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        String filters = System.getenv().getOrDefault("FILTERS", "TRUE");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0], readOnly)) {
            for (int k = 1; k < args.length; k++) {
                String sql = Files.readString(Path.of(args[k])).replace(":filters", "(" + filters + ")");
                String rows = null;
                double wall = Double.MAX_VALUE;
                double cpu = Double.MAX_VALUE;
                for (int round = 0; round < 3; round++) {
                    long t0 = System.nanoTime();
                    long c0 = cpuTicks();
                    StringBuilder out = new StringBuilder();
                    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
                        int columns = result.getMetaData().getColumnCount();
                        while (result.next()) {
                            for (int i = 1; i <= columns; i++) {
                                out.append(result.getObject(i)).append('|');
                            }
                            out.append('\n');
                        }
                    }
                    wall = Math.min(wall, (System.nanoTime() - t0) / 1e9);
                    cpu = Math.min(cpu, (cpuTicks() - c0) / 100.0);
                    rows = out.toString();
                }
                System.out.printf("%-60s wall %5.2f s  cpu %5.2f s  rows %5d  hash %08x%n", args[k], wall, cpu,
                        rows.split("\n").length, rows.hashCode());
            }
        }
    }

    /** This process's user + system CPU time in clock ticks (DuckDB's native threads included). */
    private static long cpuTicks() throws Exception {
        String[] fields = Files.readString(Path.of("/proc/self/stat")).split("\\) ")[1].split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
