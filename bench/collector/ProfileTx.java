import dev.gatsbytelemetry.collector.ingest.*;
import dev.gatsbytelemetry.collector.storage.*;
import dev.gatsbytelemetry.collector.storage.duckdb.DuckDbStorage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.*;
import java.nio.file.*;
import java.sql.*;
import java.util.*;
import javax.sql.DataSource;

/**
 * Where one DuckDB write transaction's CPU goes: the collector's own consumer stores N transactions of
 * M IngestLoad events into a fresh file with DuckDB on one thread (so the calling thread's CPU is all
 * of it), every JDBC statement and the commit timed by CPU of this thread; prints the mean per
 * transaction over the second half, per statement, and the rest (appenders and the Java around them).
 *
 * <pre>javac -cp collector/target/gatsby-telemetry-collector.jar -d /tmp/ic bench/collector/IngestLoad.java bench/collector/ProfileTx.java
 * java -cp collector/target/gatsby-telemetry-collector.jar:/tmp/ic ProfileTx /tmp/ic/p.duckdb 200 200
 * SPLIT=1 KEEP=1 java … ProfileTx copy-of-10m.duckdb 100 200   (runs across two transactions, into 10 M events)
 * CHECKPOINT_MB=256 java … ProfileTx /tmp/ic/p.duckdb 400 1600   (the collector's threshold: its checkpoints show)</pre>
 */
public final class ProfileTx {
  static final Map<String, long[]> cost = new TreeMap<>();
  static long stored;
  static long cpu() { return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); }
  static void add(String k, long ns) { cost.computeIfAbsent(k, x -> new long[2]); cost.get(k)[0] += ns; cost.get(k)[1]++; }
  static String key(String sql) { String s = sql.replaceAll("\\s+", " "); s = s.replaceAll("\\(\\?.*", "(?...)"); s = s.replaceAll("VALUES .*", "VALUES ..."); return s.length() > 90 ? s.substring(0, 90) : s; }
  @SuppressWarnings("unchecked")
  static <T> T timed(T target, Class<T> type, String sql) {
    return (T) Proxy.newProxyInstance(ProfileTx.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
      String name = m.getName();
      if (type == Connection.class && name.equals("unwrap")) return m.invoke(target, a);
      long c0 = cpu(), w0 = System.nanoTime();
      Object r;
      try { r = m.invoke(target, a); } catch (InvocationTargetException e) { throw e.getCause(); }
      long d = cpu() - c0;
      // A commit that checkpoints (the write-ahead log passed checkpoint_threshold) stands out: print it.
      if (type == Connection.class && name.equals("commit") && d > 100_000_000L)
        System.out.printf("slow COMMIT (a checkpoint?): %.0f ms CPU, %.0f ms wall, %d events stored so far%n", d / 1e6, (System.nanoTime() - w0) / 1e6, stored);
      if (type == Connection.class && name.equals("prepareStatement")) { add("prepare " + key((String) a[0]), d); return timed((PreparedStatement) r, PreparedStatement.class, (String) a[0]); }
      if (type == Connection.class && name.equals("createStatement")) return timed((Statement) r, Statement.class, null);
      if (type == Connection.class && name.equals("commit")) add("COMMIT", d);
      if ((type == Statement.class || type == PreparedStatement.class) && name.startsWith("execute")) add(key(sql != null ? sql : (String) a[0]), d);
      return r;
    });
  }
  public static void main(String[] args) throws Exception {
    // KEEP=1: store into the given file as it is (e.g. a copy of a 10 M-event file), else into a fresh one.
    // SPLIT=1: each run's end event and the event after it go in the next transaction (a run spanning two
    // batches), so the rows of a session stored earlier are looked up and updated.
    boolean keep = "1".equals(System.getenv("KEEP")), split = "1".equals(System.getenv("SPLIT"));
    Path file = Path.of(args[0]); if (!keep) { Files.deleteIfExists(file); Files.deleteIfExists(Path.of(args[0] + ".wal")); }
    int groups = Integer.parseInt(args[1]), per = Integer.parseInt(args[2]);
    BatchDecoder decoder = new BatchDecoder(new EventValidator(), 5L << 20, 50L << 20);
    try (DuckDbStorage storage = DuckDbStorage.open(file)) {
      Field pf = DuckDbStorage.class.getDeclaredField("pool"); pf.setAccessible(true);
      DataSource pool = (DataSource) pf.get(storage);
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("SET threads = 1");
        if (System.getenv("CHECKPOINT_MB") != null) s.execute("SET checkpoint_threshold = '" + System.getenv("CHECKPOINT_MB") + "MB'");
      }
      DataSource ds = (DataSource) Proxy.newProxyInstance(ProfileTx.class.getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, a) -> {
        Object r = m.invoke(pool, a); return m.getName().equals("getConnection") ? timed((Connection) r, Connection.class, null) : r; });
      Class<?> ai = Class.forName("dev.gatsbytelemetry.collector.storage.duckdb.AppenderInsert");
      Constructor<?> k = ai.getDeclaredConstructor(); k.setAccessible(true);
      JdbcEventConsumer consumer = new JdbcEventConsumer(ds, (JdbcEventConsumer.BulkInsert) k.newInstance());
      long total = 0; int n = 0; List<StoredEvent> carried = new ArrayList<>();
      for (int g = 1; g <= groups; g++) {
        List<StoredEvent> events = new ArrayList<>(carried); carried.clear();
        for (int i = 0; i < per / 100; i++) {
          List<StoredEvent> decoded = decoder.decode(new ByteArrayInputStream(IngestLoad.body(100, 1, true)), true).events();
          for (int e = 0; e < decoded.size(); e++) (split && e % 4 >= 2 ? carried : events).add(decoded.get(e));
        }
        if (g == groups / 2) { cost.clear(); total = 0; n = 0; }
        long c0 = cpu(); consumer.store(events, List.of()); total += cpu() - c0; n++; stored += events.size();
      }
      System.out.printf("store(): %.2f ms CPU per transaction of %d (threads=1, calling thread), last %d transactions%n", total / 1e6 / n, per, n);
      long sum = 0;
      for (var e : cost.entrySet()) { sum += e.getValue()[0]; System.out.printf("%8.3f ms/tx  x%.1f  %s%n", e.getValue()[0] / 1e6 / n, (double) e.getValue()[1] / n, e.getKey()); }
      System.out.printf("%8.3f ms/tx  statements total; the rest (appenders, Java) %.3f%n", sum / 1e6 / n, (total - sum) / 1e6 / n);
    }
  }
}
