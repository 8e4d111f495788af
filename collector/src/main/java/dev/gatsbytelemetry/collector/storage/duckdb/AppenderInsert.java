package dev.gatsbytelemetry.collector.storage.duckdb;

import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer;
import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer.BulkInsert;
import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer.Column;
import dev.gatsbytelemetry.collector.storage.KeyConflictException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB's fast path: its appender instead of SQL parameters. Events are appended to the scratch
 * table {@code ingest_events} (same columns as {@code events}, no key), then moved with one
 * {@code INSERT … SELECT … ON CONFLICT (event_id) DO NOTHING RETURNING event_id} (every table whose
 * rows may exist already has such an {@code ingest_} twin); stage and plugin rows of the new events
 * are appended straight to their tables.
 *
 * <p>Implementation notes: a multi-row {@code INSERT … VALUES} with thousands of parameters costs
 * DuckDB ~600 µs of CPU per event (measured, BENCHMARKS.md); the appender costs a few. The appender
 * writes inside the connection's open transaction (a rollback removes its rows) once a statement has
 * begun it ({@link #begin}), so a failed commit leaves nothing behind. A scratch table is emptied after its move in the same transaction
 * (a failed transaction rolls back its rows), so it is empty whenever a write starts: emptying it
 * before too cost ~0.3-0.7 ms of CPU per table and transaction (BENCHMARKS.md). Only the single
 * DuckDB writer thread uses them.
 *
 * <p>{@link #assumingNewKeys}: almost every event, session and session-plugin row is new (a
 * duplicate is a resend, and most resends stop at their Idempotency-Key), so the consumer first
 * appends such rows straight to their tables. DuckDB checks the table's key when the appender
 * flushes and refuses a stored one ("Duplicate key … violates primary key constraint"); that is
 * turned into {@link KeyConflictException} and the consumer writes the transaction again through
 * the scratch tables. It saves, per transaction, the three moves and the three scratch tables'
 * emptying (BENCHMARKS.md, issue 17, session 5).
 */
final class AppenderInsert implements BulkInsert {

    /** Tables whose keys are checked the scratch-table way; null: all of them (no assuming). */
    private final Set<String> checked;

    AppenderInsert() {
        this(null);
    }

    private AppenderInsert(Set<String> checked) {
        this.checked = checked;
    }

    /**
     * DuckDB's JDBC driver begins a transaction (autocommit off) only when a statement runs; an appender
     * used before any statement writes in its own transaction, committed at once, which a rollback does
     * not undo (measured with 1.4.4). So every write starts with a statement.
     */
    @Override
    public void begin(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        }
    }

    @Override
    public BulkInsert assumingNewKeys(Set<String> checkedTables) {
        return new AppenderInsert(Set.copyOf(checkedTables));
    }

    /**
     * Through the scratch table {@code ingest_<table>}, moved with {@code ON CONFLICT (key) DO NOTHING RETURNING};
     * or, assuming new keys, straight into the table.
     */
    @Override
    public <T> Set<String> insertRowsReturningNew(Connection connection, String table, List<Column<T>> columns,
            List<T> rows, String keyColumn) throws SQLException {
        Set<String> stored = new HashSet<>();
        if (rows.isEmpty()) {
            return stored;
        }
        if (checked != null && !checked.contains(table)) {
            try {
                append(connection, table, columns, rows);
            } catch (SQLException e) {
                if (e.getMessage() != null && e.getMessage().contains("Duplicate key")) {
                    throw new KeyConflictException(table, e);
                }
                throw e;
            }
            for (T row : rows) {
                stored.add(JdbcEventConsumer.keyText(columns, keyColumn, row));
            }
            return stored;
        }
        String scratch = "ingest_" + table;
        try (Statement statement = connection.createStatement()) {
            append(connection, scratch, columns, rows);
            String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
            try (ResultSet ids = statement.executeQuery("INSERT INTO " + table + " (" + names + ") SELECT " + names
                    + " FROM " + scratch + " ON CONFLICT (" + keyColumn + ") DO NOTHING RETURNING " + keyColumn)) {
                while (ids.next()) {
                    stored.add(JdbcEventConsumer.keyText(ids));
                }
            }
            statement.execute("DELETE FROM " + scratch);
            return stored;
        }
    }

    @Override
    public <T> void insertRows(Connection connection, String table, List<Column<T>> columns, List<T> rows)
            throws SQLException {
        append(connection, table, columns, rows);
    }

    /** Through the scratch table {@code ingest_<table>}, as events go through {@code ingest_events}. */
    @Override
    public <T> void insertRowsIgnoringConflicts(Connection connection, String table, List<Column<T>> columns,
            List<T> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String scratch = "ingest_" + table;
        try (Statement statement = connection.createStatement()) {
            append(connection, scratch, columns, rows);
            String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
            statement.execute("INSERT INTO " + table + " (" + names + ") SELECT " + names + " FROM " + scratch
                    + " ON CONFLICT DO NOTHING");
            statement.execute("DELETE FROM " + scratch);
        }
    }

    private static <T> void append(Connection connection, String table, List<Column<T>> columns, List<T> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
        try (DuckDBAppender appender = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
            for (T row : rows) {
                appender.beginRow();
                for (Column<T> column : columns) {
                    appendValue(appender, column, column.value().apply(row));
                }
                appender.endRow();
            }
            // Explicitly: a failure (a key stored already) surfaces here; close() alone does not report it.
            appender.flush();
        }
    }

    private static <T> void appendValue(DuckDBAppender appender, Column<T> column, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else if (column.uuid()) {
            appender.append(UUID.fromString((String) value));
        } else if (value instanceof String text) {
            appender.append(text);
        } else if (value instanceof Integer number) {
            appender.append(number.intValue());
        } else if (value instanceof Long number) {
            appender.append(number.longValue());
        } else if (value instanceof Double number) {
            appender.append(number.doubleValue());
        } else if (value instanceof Boolean flag) {
            appender.append(flag.booleanValue());
        } else if (value instanceof LocalDateTime time) {
            appender.append(time);
        } else {
            throw new SQLException("no appender mapping for " + value.getClass() + " in column " + column.name());
        }
    }
}
