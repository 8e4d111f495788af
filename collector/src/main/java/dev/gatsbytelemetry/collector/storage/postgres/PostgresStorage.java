package dev.gatsbytelemetry.collector.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatsbytelemetry.collector.storage.EventConsumer;
import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer;
import dev.gatsbytelemetry.collector.storage.JdbcQueryStore;
import dev.gatsbytelemetry.collector.storage.QueryStore;
import dev.gatsbytelemetry.collector.storage.SchemaMigrator;
import dev.gatsbytelemetry.collector.storage.StorageComponent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * PostgreSQL: the choice for a team and for several collector instances behind a load balancer.
 * An instance keeps nothing of its own; the database's unique keys make every event and every
 * batch receipt exist once, whichever instance received it and however often.
 *
 * <p>Implementation notes: the migration takes a transaction-scoped advisory lock, so instances
 * started together migrate one after the other. Connections time out after a few seconds, so an
 * unreachable server turns into a quick 503 rather than a hung request.
 */
public final class PostgresStorage implements StorageComponent {

    /** Arbitrary constant naming this project's migration lock. */
    private static final long MIGRATION_LOCK = 0x6761747362L;

    private final HikariDataSource pool;
    private final JdbcEventConsumer consumer;
    private final JdbcQueryStore queries;
    private final String description;

    private PostgresStorage(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
        this.consumer = new JdbcEventConsumer(pool, JdbcEventConsumer.MULTI_ROW_VALUES);
        this.queries = new JdbcQueryStore(pool, "postgres");
    }

    /** Connects to {@code jdbcUrl} and brings the schema up to date. */
    public static PostgresStorage open(String jdbcUrl) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("postgres");
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(8);
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(2_000);
        // Start even when the server is briefly away: requests get 503 until it is back.
        config.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection connection = pool.getConnection()) {
            new SchemaMigrator("postgres", Optional.of("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")"))
                    .migrate(connection);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PostgresStorage(pool, "postgresql " + withoutSecrets(jdbcUrl));
    }

    /** The URL without its query string, where user and password usually are. */
    static String withoutSecrets(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        return base.replaceFirst("//[^/@]*@", "//");
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
        return 4;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
    }
}
