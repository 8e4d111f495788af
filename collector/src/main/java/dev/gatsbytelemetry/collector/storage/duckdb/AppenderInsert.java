package dev.gatsbytelemetry.collector.storage.duckdb;

import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer;
import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer.BulkInsert;
import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer.Column;
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
 * writes inside the connection's open transaction (a rollback removes its rows), so a failed
 * commit leaves nothing behind. A scratch table is emptied after its move in the same transaction
 * (a failed transaction rolls back its rows), so it is empty whenever a write starts: emptying it
 * before too cost ~0.3-0.7 ms of CPU per table and transaction (BENCHMARKS.md). Only the single
 * DuckDB writer thread uses them.
 */
final class AppenderInsert implements BulkInsert {

    /** Through the scratch table {@code ingest_<table>}, moved with {@code ON CONFLICT (key) DO NOTHING RETURNING}. */
    @Override
    public <T> Set<String> insertRowsReturningNew(Connection connection, String table, List<Column<T>> columns,
            List<T> rows, String keyColumn) throws SQLException {
        Set<String> stored = new HashSet<>();
        if (rows.isEmpty()) {
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
