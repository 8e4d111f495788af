import java.sql.*; import java.lang.management.*;
/**
 * Why a DuckDB checkpoint costs seconds in a large file: a table of 5 M rows keyed by a random UUID, or by
 * (time, UUID), gets 8,000 new rows, then {@code CHECKPOINT} is timed (CPU of this thread, DuckDB on one
 * thread; wall). Random keys dirty the whole index, a time-first key only its newest edge.
 *
 * <pre>javac -cp duckdb_jdbc.jar -d /tmp/ck bench/collector/CheckpointKeyShape.java
 * java -cp duckdb_jdbc.jar:/tmp/ck CheckpointKeyShape /tmp/ck/ks.duckdb</pre>
 */
public class CheckpointKeyShape { public static void main(String[] a) throws Exception {
  var mx = ManagementFactory.getThreadMXBean();
  for (String shape : new String[] {"random", "timefirst"}) {
    java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(a[0])); java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(a[0] + ".wal"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + a[0]); Statement s = c.createStatement()) {
      s.execute("SET threads = 2");
      String key = shape.equals("random") ? "PRIMARY KEY (event_id)" : "PRIMARY KEY (event_time, event_id)";
      s.execute("CREATE TABLE t (event_id UUID NOT NULL, event_time TIMESTAMP NOT NULL, v VARCHAR, " + key + ")");
      s.execute("INSERT INTO t SELECT uuid(), TIMESTAMP '2026-01-01' + INTERVAL (i) SECOND, 'x' FROM range(5000000) r(i)");
      s.execute("CHECKPOINT");
      s.execute("SET threads = 1");
      for (int round = 0; round < 3; round++) {
        s.execute("INSERT INTO t SELECT uuid(), TIMESTAMP '2026-03-01' + INTERVAL (" + round + " * 10000 + i) SECOND, 'y' FROM range(8000) r(i)");
        long c0 = mx.getCurrentThreadCpuTime(), w0 = System.nanoTime();
        s.execute("CHECKPOINT");
        System.out.printf("%-9s key, 5 M rows + 8,000 new: CHECKPOINT %5.0f ms CPU %5.0f ms wall%n", shape, (mx.getCurrentThreadCpuTime() - c0) / 1e6, (System.nanoTime() - w0) / 1e6);
      }
    }
  }
}}
