import dev.gatsbytelemetry.collector.storage.SqlResources;
import dev.gatsbytelemetry.collector.storage.duckdb.DuckDbStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Fills a collector DuckDB file with N synthetic events made by SQL inside DuckDB (seconds, not
 * hours of HTTP): runs of four events (start, metadata, end with five stages, then a heartbeat or,
 * one run in ten, an error) over 300 days, 50,000 machines, three commands, five versions; then the
 * rows kept at ingest beside them (runs, run_plugins, machines, plugin pairs, …) by the schema
 * migrations' own statements.
 *
 * <pre>java -cp collector/target/gatsby-telemetry-collector.jar bench/collector/FillDuckDb.java FILE [N]</pre>
 */
public final class FillDuckDb {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long n = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        DuckDbStorage.open(file).close(); // creates the schema exactly as the collector does
        long runs = n / 4;
        String session = "CAST(substr(h,1,8)||'-'||substr(h,9,4)||'-4'||substr(h,14,3)||'-8'||substr(h,18,3)||'-'||substr(h,21,12) AS UUID)";
        String common = "WITH r AS (SELECT i, i // 4 AS run, md5(CAST(i // 4 AS VARCHAR)) AS h FROM range(" + n + ") t(i)) ";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
                Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            s.execute(common + """
                    INSERT INTO events SELECT
                      gen_random_uuid(),
                      CASE i %% 4 WHEN 0 THEN 'CLI_COMMAND_' || upper(cmd) WHEN 1 THEN 'CLI_COMMAND_METADATA'
                                 WHEN 2 THEN upper(cmd) || '_END'
                                 ELSE CASE WHEN run %% 10 = 0 THEN 'CLI_ERROR_UNCAUGHT_EXCEPTION' ELSE 'CLI_COMMAND_' || upper(cmd) || '_HEARTBEAT' END END,
                      CASE i %% 4 WHEN 0 THEN 'start' WHEN 1 THEN 'metadata' WHEN 2 THEN 'end'
                                 ELSE CASE WHEN run %% 10 = 0 THEN 'error' ELSE 'heartbeat' END END,
                      1,
                      TIMESTAMP '2026-01-01' + to_seconds(CAST(run * 25920000 // %d AS BIGINT)),
                      %s,
                      'machine-' || (hash(run) %% 50000),
                      'sitegen', '1.' || (run %% 5) || '.0', cmd, '0.1.0',
                      CASE WHEN i %% 4 = 2 THEN CASE WHEN run %% 10 = 0 THEN 1 ELSE 0 END END,
                      CASE WHEN i %% 4 = 2 THEN CASE WHEN run %% 10 = 0 THEN 'exit' ELSE 'return' END END,
                      CASE WHEN i %% 4 = 2 THEN CAST(hash(i) %% 5000 AS BIGINT) END,
                      NULL,
                      CASE run %% 3 WHEN 0 THEN 'linux' WHEN 1 THEN 'darwin' ELSE 'win32' END, '6.1',
                      CASE run %% 2 WHEN 0 THEN 'x64' ELSE 'arm64' END, 8,
                      CASE run %% 3 WHEN 0 THEN '17.0.15' WHEN 1 THEN '21.0.5' ELSE '25' END, 'Eclipse Adoptium',
                      run %% 5 = 0, CASE WHEN run %% 5 = 0 THEN 'GitHub Actions' END, run %% 7 = 0,
                      CASE WHEN run %% 4 = 0 THEN 'vscode' END, run %% 5 <> 0,
                      CASE WHEN i %% 4 = 3 AND run %% 10 = 0 THEN 'UNCAUGHT_EXCEPTION' END,
                      CASE WHEN i %% 4 = 3 AND run %% 10 = 0 THEN 'java.lang.IllegalStateException' END,
                      CASE WHEN i %% 4 = 3 AND run %% 10 = 0 THEN 'render' END,
                      CASE WHEN i %% 4 = 3 AND run %% 10 = 0 AND run %% 20 = 0 THEN 'sass@2' END,
                      CASE WHEN i %% 4 = 3 AND run %% 10 = 0 THEN printf('%%x', run %% 200) END,
                      CASE WHEN i %% 4 = 3 AND run %% 10 = 0 THEN 'java.lang.IllegalStateException: missing partial ' || (run %% 200) END,
                      '{}'
                    FROM (SELECT *, CASE run %% 3 WHEN 0 THEN 'develop' ELSE 'build' END AS cmd FROM r)
                    """.formatted(runs, session));
            long t1 = System.nanoTime();
            s.execute(common.replace("range(" + n + ")", "range(" + runs + ")").replace("i // 4", "i") + """
                    INSERT INTO event_stages SELECT
                      gen_random_uuid(), %s, 'machine-' || (hash(run) %% 50000),
                      TIMESTAMP '2026-01-01' + to_seconds(CAST(run * 25920000 // %d AS BIGINT)),
                      'sitegen', '1.' || (run %% 5) || '.0', CASE run %% 3 WHEN 0 THEN 'develop' ELSE 'build' END,
                      stage, 1 + hash(run, stage) %% 50, CASE WHEN run %% 10 = 0 AND stage = 'render' THEN 1 ELSE 0 END,
                      CAST(hash(run, stage) %% 4000 AS DOUBLE) / 10, 0.1, 100, 1.5
                    FROM r, (VALUES ('loadConfig'), ('sourceContent'), ('transform'), ('render'), ('write')) s(stage)
                    """.formatted(session, runs));
            s.execute(common.replace("range(" + n + ")", "range(" + runs + ")").replace("i // 4", "i") + """
                    INSERT INTO event_plugins SELECT
                      gen_random_uuid(), %s, 'machine-' || (hash(run) %% 50000),
                      TIMESTAMP '2026-01-01' + to_seconds(CAST(run * 25920000 // %d AS BIGINT)),
                      'sitegen', '1.' || (run %% 5) || '.0', CASE run %% 3 WHEN 0 THEN 'develop' ELSE 'build' END,
                      'plugin-' || ((run + k * 7) %% 30) || '@1'
                    FROM r, range(3) p(k)
                    """.formatted(session, runs));
            // The rows kept at ingest beside the events (schema V2 on: per-run rows, plugin pairs, ...), made
            // the way each migration makes them for stored events, in order: the file then holds what a
            // collector of this build would have kept.
            for (int version = 2; SqlResources.read("db/duckdb/V" + version + ".sql").isPresent(); version++) {
                for (String statement : SqlResources.statements(SqlResources.read("db/duckdb/V" + version + ".sql").orElseThrow())) {
                    if (statement.startsWith("INSERT INTO") || statement.startsWith("UPDATE")) {
                        s.execute(statement);
                    }
                }
            }
            s.execute("CHECKPOINT");
            long t2 = System.nanoTime();
            try (ResultSet counts = s.executeQuery("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_stages), "
                    + "(SELECT count(*) FROM event_plugins)")) {
                counts.next();
                System.out.printf("events=%d stage rows=%d plugin rows=%d; events in %.1f s, the rest in %.1f s%n",
                        counts.getLong(1), counts.getLong(2), counts.getLong(3), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            }
        }
    }
}
