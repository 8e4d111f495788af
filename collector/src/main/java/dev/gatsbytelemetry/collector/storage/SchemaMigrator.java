package dev.gatsbytelemetry.collector.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Brings a database to the newest schema: applies {@code db/<backend>/V1.sql}, {@code V2.sql}, … in
 * order, each in its own transaction together with its row in {@code schema_version}, skipping
 * those already recorded there.
 *
 * <p>Implementation notes: several PostgreSQL collectors may start at once against one database, so
 * the backend may give a statement taking a transaction-scoped lock (an advisory lock), run first in
 * every migration transaction; the second instance then waits, re-reads {@code schema_version} and
 * finds nothing left to do.
 */
public final class SchemaMigrator {

    private final String backend;
    private final Optional<String> lockStatement;

    public SchemaMigrator(String backend, Optional<String> lockStatement) {
        this.backend = backend;
        this.lockStatement = lockStatement;
    }

    /** @return the schema version the database is at afterwards */
    public int migrate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        int version = 0;
        try {
            for (int next = 1; ; next++) {
                Optional<String> script = SqlResources.read("db/" + backend + "/V" + next + ".sql");
                if (script.isEmpty()) {
                    break;
                }
                applyOnce(connection, next, script.get());
                version = next;
            }
        } catch (SQLException e) {
            // Restoring autocommit commits, which DuckDB refuses after a failed commit ("no transaction is
            // active"): that must not hide why the migration failed.
            try {
                connection.setAutoCommit(autoCommit);
            } catch (SQLException restoring) {
                e.addSuppressed(restoring);
            }
            throw e;
        }
        connection.setAutoCommit(autoCommit);
        return version;
    }

    private void applyOnce(Connection connection, int version, String script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (lockStatement.isPresent()) {
                statement.execute(lockStatement.get());
            }
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL)");
            if (applied(connection, version)) {
                connection.commit();
                return;
            }
            for (String sql : SqlResources.statements(script)) {
                statement.execute(sql);
            }
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, CURRENT_TIMESTAMP)")) {
                record.setInt(1, version);
                record.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("schema migration " + backend + " V" + version + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean applied(Connection connection, int version) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM schema_version WHERE version = ?")) {
            query.setInt(1, version);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
