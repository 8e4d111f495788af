import java.sql.*; import java.lang.management.*;
/**
 * Which table makes a checkpoint expensive in an existing collector file: one statement adds rows to one
 * table, then {@code CHECKPOINT} is timed (CPU of this thread, DuckDB on one thread; wall). Writes to the
 * file: give it a copy.
 *
 * <pre>javac -cp duckdb_jdbc.jar -d /tmp/ck bench/collector/CheckpointByTable.java
 * cp 10m-v4.duckdb /tmp/ck/copy.duckdb && java -cp duckdb_jdbc.jar:/tmp/ck CheckpointByTable /tmp/ck/copy.duckdb</pre>
 */
public class CheckpointByTable { public static void main(String[] a) throws Exception {
  var mx = ManagementFactory.getThreadMXBean();
  try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + a[0]); Statement s = c.createStatement()) {
    s.execute("SET threads = 1"); s.execute("CHECKPOINT");
    String[][] steps = {
      {"nothing", null},
      {"batch_receipts (key)", "INSERT INTO batch_receipts SELECT * REPLACE (uuid()::VARCHAR AS idempotency_key) FROM batch_receipts LIMIT 1"},
      {"event_stages (no key)", "INSERT INTO event_stages SELECT * FROM event_stages LIMIT 1"},
      {"events (UUID key)", "INSERT INTO events SELECT * REPLACE (uuid() AS event_id) FROM events LIMIT 1"},
      {"8000 events (UUID key)", "INSERT INTO events SELECT * REPLACE (uuid() AS event_id) FROM events LIMIT 8000"},
      {"8000 event_stages", "INSERT INTO event_stages SELECT * FROM event_stages LIMIT 8000"},
      {"8000 run_plugins", "INSERT INTO run_plugins SELECT * REPLACE (uuid() AS session_id) FROM run_plugins LIMIT 8000"},
      {"8000 run_plugin_sessions", "INSERT INTO run_plugin_sessions SELECT * REPLACE (uuid() AS session_id) FROM run_plugin_sessions LIMIT 8000"},
      {"run_plugins (session, plugin key)", "INSERT INTO run_plugins SELECT * REPLACE (uuid() AS session_id) FROM run_plugins LIMIT 1"},
      {"run_plugin_sessions (UUID key)", "INSERT INTO run_plugin_sessions SELECT * REPLACE (uuid() AS session_id) FROM run_plugin_sessions LIMIT 1"},
      {"runs", "INSERT INTO runs SELECT * REPLACE (uuid() AS session_id, uuid() AS event_id) FROM runs LIMIT 1"}};
    for (String[] st : steps) {
      try { if (st[1] != null) s.execute(st[1]); } catch (SQLException e) { System.out.println(st[0] + ": " + e.getMessage().split("\n")[0]); continue; }
      long c0 = mx.getCurrentThreadCpuTime(), w0 = System.nanoTime();
      s.execute("CHECKPOINT");
      System.out.printf("%-40s then CHECKPOINT: %6.0f ms CPU %6.0f ms wall%n", st[0], (mx.getCurrentThreadCpuTime() - c0) / 1e6, (System.nanoTime() - w0) / 1e6);
    }
  }
}}
