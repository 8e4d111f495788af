package dev.gatsbytelemetry.collector.storage.duckdb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatsbytelemetry.collector.storage.EventConsumer;
import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer;
import dev.gatsbytelemetry.collector.storage.JdbcQueryStore;
import dev.gatsbytelemetry.collector.storage.QueryStore;
import dev.gatsbytelemetry.collector.storage.SchemaMigrator;
import dev.gatsbytelemetry.collector.storage.StorageComponent;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;

/**
 * The embedded default: one DuckDB file, created if missing, nothing to install.
 *
 * <p>Implementation notes: DuckDB lets only one process open a file for writing, and within the
 * process every connection must come from the same database instance; so one root connection is
 * opened here and the pool hands out its {@link DuckDBConnection#duplicate() duplicates}. Writes
 * go through a single writer thread ({@link #writerThreads()}), the way DuckDB likes them: large
 * transactions, one at a time; reads run beside it on their own connections.
 */
public final class DuckDbStorage implements StorageComponent {

    /**
     * Write-ahead log size that triggers a checkpoint, as a fraction of the memory bound (see {@link #open}):
     * 256 MB at the default 1024.
     */
    static long checkpointThresholdMb(long memoryMb) {
        return Math.max(16, memoryMb / 4);
    }

    private final Path file;
    private final DuckDBConnection root;
    private final HikariDataSource pool;
    private final JdbcEventConsumer consumer;
    private final JdbcQueryStore queries;
    /** As DuckDB reports it, so that the start line shows the bound actually in force. */
    private final String memoryLimit;

    private DuckDbStorage(Path file, DuckDBConnection root, HikariDataSource pool) throws SQLException {
        this.file = file;
        this.memoryLimit = setting(root, "memory_limit");
        this.root = root;
        this.pool = pool;
        this.consumer = new JdbcEventConsumer(pool, new AppenderInsert());
        this.queries = new JdbcQueryStore(pool, "duckdb");
    }

    /** The collector's default memory bound for DuckDB, in MiB ({@code --db-memory-mb}). */
    public static final long DEFAULT_MEMORY_MB = 1024;

    /** Opens (or creates) the file with the default memory bound and brings its schema up to date. */
    public static DuckDbStorage open(Path file) throws SQLException {
        return open(file, DEFAULT_MEMORY_MB);
    }

    /**
     * Opens (or creates) the file and brings its schema up to date.
     *
     * @param memoryMb the most memory DuckDB may use: its buffers are outside the Java heap, so
     *                 {@code -Xmx} does not bound them, and DuckDB's own default is 80% of the machine
     */
    public static DuckDbStorage open(Path file, long memoryMb) throws SQLException {
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the folder of " + absolute, e);
        }
        DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + absolute);
        try {
            try (var statement = root.createStatement()) {
                // DuckDB folds its write-ahead log into the file (a checkpoint) whenever the log passes
                // this size; each checkpoint also writes the event_id index out again. At the default
                // 16 MB (~18,000 events with their JSON) checkpoints took ~60 of ~85 µs of CPU per stored
                // event (BENCHMARKS.md, "Collector"); at 256 MB they are 16 times rarer. The price: rows
                // not checkpointed yet stay in DuckDB's memory (~1.4 times the log: measured under a
                // flood, it is what grows), and a collector killed without a clean stop replays the log
                // on its next start. So the threshold follows the memory bound: a quarter of it.
                statement.execute("SET checkpoint_threshold = '" + checkpointThresholdMb(memoryMb) + "MB'");
                // Beyond it, large aggregations spill to the file's temporary folder instead of growing.
                statement.execute("SET memory_limit = '" + memoryMb + "MiB'");
            }
            new SchemaMigrator("duckdb", Optional.empty()).migrate(root);
            HikariConfig config = new HikariConfig();
            config.setPoolName("duckdb");
            config.setDataSource(new DuplicatingDataSource(root));
            config.setMaximumPoolSize(6);
            config.setMinimumIdle(1);
            config.setConnectionTimeout(5_000);
            config.setConnectionTestQuery("SELECT 1");
            return new DuckDbStorage(absolute, root, new HikariDataSource(config));
        } catch (SQLException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static String setting(DuckDBConnection connection, String name) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT current_setting(?)")) {
            statement.setString(1, name);
            try (var result = statement.executeQuery()) {
                return result.next() ? result.getString(1) : "unknown";
            }
        }
    }

    @Override
    public EventConsumer consumer() {
        return consumer;
    }

    @Override
    public QueryStore queries() {
        return queries;
    }

    @Override
    public int writerThreads() {
        return 1;
    }

    @Override
    public String describe() {
        return "duckdb " + file + ", memory limit " + memoryLimit;
    }

    @Override
    public void close() {
        pool.close();
        try {
            // Folds the write-ahead log into the file, so the next start opens at once.
            try (var statement = root.createStatement()) {
                statement.execute("CHECKPOINT");
            }
            root.close();
        } catch (SQLException ignored) {
            // closing anyway; DuckDB replays its WAL on the next open
        }
    }

    /** A DataSource whose connections are duplicates of one root connection (same database instance). */
    private static final class DuplicatingDataSource implements DataSource {

        private final DuckDBConnection root;

        DuplicatingDataSource(DuckDBConnection root) {
            this.root = root;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return root.duplicate();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
