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

    /** Write-ahead log size that triggers a checkpoint (see {@link #open}). */
    static final String CHECKPOINT_THRESHOLD = "256MB";

    private final Path file;
    private final DuckDBConnection root;
    private final HikariDataSource pool;
    private final JdbcEventConsumer consumer;
    private final JdbcQueryStore queries;

    private DuckDbStorage(Path file, DuckDBConnection root, HikariDataSource pool) {
        this.file = file;
        this.root = root;
        this.pool = pool;
        this.consumer = new JdbcEventConsumer(pool, new AppenderInsert());
        this.queries = new JdbcQueryStore(pool, "duckdb");
    }

    /** Opens (or creates) the file and brings its schema up to date. */
    public static DuckDbStorage open(Path file) throws SQLException {
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
                // event (BENCHMARKS.md, "Collector"); at 256 MB they are 16 times rarer. The price: a
                // collector killed without a clean stop replays up to that much log on its next start.
                statement.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
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
        return "duckdb " + file;
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
