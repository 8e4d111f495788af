package dev.gatsbytelemetry.collector.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The write side of storage in plain SQL, for both backends: multi-row
 * {@code INSERT … ON CONFLICT (event_id) DO NOTHING RETURNING event_id}, so the database itself
 * decides which events are new, across retries and across collector instances.
 *
 * <p>Implementation notes:
 * <ul>
 * <li>Events are inserted in {@code event_id} order: two PostgreSQL transactions inserting the same
 *     ids then lock them in the same order and cannot deadlock.</li>
 * <li>Stage and plugin rows are inserted only for the ids the events insert returned, in the same
 *     transaction, so they exist exactly once too.</li>
 * <li>Rows go in chunks of {@link #ROWS_PER_STATEMENT}: PostgreSQL allows 65,535 parameters.</li>
 * <li>Where the backend has a cheaper way for rows it may assume new ({@link BulkInsert#assumingNewKeys},
 *     DuckDB), a transaction first tries it; a stored key makes it fail whole
 *     ({@link KeyConflictException}) and it is written again the checked way, which then stays in
 *     force for that table for {@link #CHECKED_TRANSACTIONS_AFTER_CONFLICT} transactions. The database's
 *     keys decide in both ways; only the move through a scratch table is skipped.</li>
 * <li>Machine and plugin keys are remembered once committed ({@link SmallKeys}: why that is safe
 *     with retention and several instances).</li>
 * </ul>
 */
public final class JdbcEventConsumer implements EventConsumer {

    static final int ROWS_PER_STATEMENT = 400;

    static final List<Column<StoredEvent>> EVENT_COLUMNS = List.of(
            uuid("event_id", StoredEvent::eventId),
            text("event_type", StoredEvent::eventType),
            text("event_kind", e -> e.kind().column()),
            new Column<>("schema_version", Types.INTEGER, "?", StoredEvent::schemaVersion),
            new Column<>("event_time", Types.TIMESTAMP, "?", StoredEvent::time),
            uuid("session_id", StoredEvent::sessionId),
            text("machine_id", StoredEvent::machineId),
            text("component_id", StoredEvent::componentId),
            text("component_version", StoredEvent::componentVersion),
            text("command", StoredEvent::command),
            text("agent_version", StoredEvent::agentVersion),
            new Column<>("exit_code", Types.INTEGER, "?", StoredEvent::exitCode),
            text("exit_reason", StoredEvent::exitReason),
            new Column<>("duration_ms", Types.BIGINT, "?", StoredEvent::durationMs),
            text("outcome", StoredEvent::outcome),
            text("os_platform", e -> e.environment().platform()),
            text("os_release", e -> e.environment().release()),
            text("os_arch", e -> e.environment().arch()),
            new Column<>("cpu_count", Types.INTEGER, "?", e -> e.environment().cpuCount()),
            text("java_version", e -> e.environment().javaVersion()),
            text("java_vendor", e -> e.environment().javaVendor()),
            bool("ci", e -> e.environment().ci()),
            text("ci_name", e -> e.environment().ciName()),
            bool("docker", e -> e.environment().docker()),
            text("term_program", e -> e.environment().termProgram()),
            bool("is_tty", e -> e.environment().tty()),
            text("error_kind", e -> e.error() == null ? null : e.error().errorKind()),
            text("exception_type", e -> e.error() == null ? null : e.error().exceptionType()),
            text("error_stage", e -> e.error() == null ? null : e.error().stage()),
            text("error_plugin", e -> e.error() == null ? null : e.error().plugin()),
            text("error_fingerprint", e -> e.error() == null ? null : e.error().fingerprint()),
            text("error_text", e -> e.error() == null ? null : e.error().text()),
            text("payload", StoredEvent::payload));

    /** Columns every stage and plugin row repeats from its event, so each question reads one table. */
    private static final List<Column<Row>> CONTEXT_COLUMNS = List.of(
            uuid("event_id", r -> r.event().eventId()),
            uuid("session_id", r -> r.event().sessionId()),
            text("machine_id", r -> r.event().machineId()),
            new Column<>("event_time", Types.TIMESTAMP, "?", r -> r.event().time()),
            text("component_id", r -> r.event().componentId()),
            text("component_version", r -> r.event().componentVersion()),
            text("command", r -> r.event().command()));

    private static final List<Column<Row>> STAGE_COLUMNS = concat(CONTEXT_COLUMNS, List.of(
            text("stage", r -> ((StoredEvent.StageFacts) r.detail()).stage()),
            new Column<>("calls", Types.BIGINT, "?", r -> ((StoredEvent.StageFacts) r.detail()).calls()),
            new Column<>("errors", Types.BIGINT, "?", r -> ((StoredEvent.StageFacts) r.detail()).errors()),
            new Column<>("total_ms", Types.DOUBLE, "?", r -> ((StoredEvent.StageFacts) r.detail()).totalMs()),
            new Column<>("min_ms", Types.DOUBLE, "?", r -> ((StoredEvent.StageFacts) r.detail()).minMs()),
            new Column<>("max_ms", Types.DOUBLE, "?", r -> ((StoredEvent.StageFacts) r.detail()).maxMs()),
            new Column<>("mean_ms", Types.DOUBLE, "?", r -> ((StoredEvent.StageFacts) r.detail()).meanMs())));

    private static final List<Column<Row>> PLUGIN_COLUMNS = concat(CONTEXT_COLUMNS, List.of(
            text("plugin", r -> (String) r.detail())));

    /** One row per run (end event) with its environment: what the environment and plugin questions scan. */
    private static final List<Column<RunRow>> RUN_COLUMNS = List.of(
            uuid("event_id", r -> r.event().eventId()),
            uuid("session_id", r -> r.event().sessionId()),
            new Column<>("machine_key", Types.INTEGER, "?", RunRow::machineKey),
            new Column<>("event_time", Types.TIMESTAMP, "?", r -> r.event().time()),
            text("component_id", r -> r.event().componentId()),
            text("component_version", r -> r.event().componentVersion()),
            text("command", r -> r.event().command()),
            new Column<>("exit_code", Types.INTEGER, "?", r -> r.event().exitCode()),
            new Column<>("duration_ms", Types.BIGINT, "?", r -> r.event().durationMs()),
            text("os_platform", r -> r.event().environment().platform()),
            text("os_arch", r -> r.event().environment().arch()),
            text("java_version", r -> r.event().environment().javaVersion()),
            text("java_vendor", r -> r.event().environment().javaVendor()),
            bool("ci", r -> r.event().environment().ci()),
            text("ci_name", r -> r.event().environment().ciName()),
            bool("docker", r -> r.event().environment().docker()),
            text("term_program", r -> r.event().environment().termProgram()),
            bool("is_tty", r -> r.event().environment().tty()));

    /** One row per (session, plugin): the first metadata event stored for the session speaks for it. */
    private static final List<Column<RunRow>> RUN_PLUGIN_COLUMNS = List.of(
            uuid("session_id", r -> r.event().sessionId()),
            text("plugin", RunRow::plugin),
            new Column<>("machine_key", Types.INTEGER, "?", RunRow::machineKey),
            new Column<>("event_time", Types.TIMESTAMP, "?", r -> r.event().time()),
            text("component_id", r -> r.event().componentId()),
            text("component_version", r -> r.event().componentVersion()),
            text("command", r -> r.event().command()),
            // schema V4: the session's outcome, kept by PluginPairRows
            bool("failed", RunRow::failed),
            bool("blamed", RunRow::blamed));

    /**
     * After a transaction that assumed new keys hit a stored one in a table, this many transactions
     * check that table's keys the conflict-checked way before assuming again: a burst of resends, or
     * a fleet whose child JVMs list their session's plugins again, does not pay for two tries each,
     * and the other tables keep the short cut.
     */
    static final int CHECKED_TRANSACTIONS_AFTER_CONFLICT = 50;

    private final DataSource dataSource;
    private final BulkInsert bulk;
    private final SmallKeys machineKeys = new SmallKeys("machines", "machine_id", "machine_key");
    private final SmallKeys pluginKeys = new SmallKeys("plugins", "plugin", "plugin_key");
    /** Per table whose keys are checked for now: how many more transactions check them. */
    private final Map<String, Integer> checkedTransactionsLeft = new java.util.HashMap<>();
    private final AtomicLong keyConflicts = new AtomicLong();

    public JdbcEventConsumer(DataSource dataSource, BulkInsert bulk) {
        this.dataSource = dataSource;
        this.bulk = bulk;
    }

    @Override
    public Set<String> store(List<StoredEvent> events, Collection<BatchReceipt> receipts) throws StorageException {
        Map<String, StoredEvent> unique = new LinkedHashMap<>();
        events.stream().sorted(Comparator.comparing(StoredEvent::eventId)).forEach(e -> unique.putIfAbsent(e.eventId(), e));
        List<StoredEvent> ordered = new ArrayList<>(unique.values());
        try {
            BulkInsert assuming = bulk.assumingNewKeys(checkedTables());
            if (assuming != bulk) {
                try {
                    return store(ordered, receipts, assuming);
                } catch (KeyConflictException e) {
                    keyConflicts.incrementAndGet();
                    synchronized (checkedTransactionsLeft) {
                        checkedTransactionsLeft.put(e.table(), CHECKED_TRANSACTIONS_AFTER_CONFLICT);
                        if (e.table().equals("run_plugins")) {
                            // A session listing plugins again (a child JVM) has its mark stored too.
                            checkedTransactionsLeft.put("run_plugin_sessions", CHECKED_TRANSACTIONS_AFTER_CONFLICT);
                        }
                    }
                }
            }
            return store(ordered, receipts, bulk);
        } catch (SQLException e) {
            throw new StorageException("storing " + events.size() + " events failed: " + e.getMessage(), e);
        }
    }

    /** The tables whose keys this transaction checks, counting it against each. */
    private Set<String> checkedTables() {
        synchronized (checkedTransactionsLeft) {
            Set<String> tables = Set.copyOf(checkedTransactionsLeft.keySet());
            checkedTransactionsLeft.replaceAll((table, left) -> left - 1);
            checkedTransactionsLeft.values().removeIf(left -> left <= 0);
            return tables;
        }
    }

    /** How many transactions assumed new keys wrongly and were written again (tests and benchmarks read it). */
    public long keyConflicts() {
        return keyConflicts.get();
    }

    /** How many machine keys are remembered now (tests read it). */
    public int rememberedMachineKeys() {
        return machineKeys.rememberedCount();
    }

    /** One transaction: rolled back whole when anything in it fails. */
    private Set<String> store(List<StoredEvent> ordered, Collection<BatchReceipt> receipts, BulkInsert inserts)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                inserts.begin(connection);
                Set<String> stored = inserts.insertRowsReturningNew(connection, "events", EVENT_COLUMNS, ordered, "event_id");
                List<Row> stageRows = new ArrayList<>();
                List<Row> pluginRows = new ArrayList<>();
                for (StoredEvent event : ordered) {
                    if (stored.contains(event.eventId())) {
                        event.stages().forEach(s -> stageRows.add(new Row(event, s)));
                        event.plugins().stream().distinct().forEach(p -> pluginRows.add(new Row(event, p)));
                    }
                }
                inserts.insertRows(connection, "event_stages", STAGE_COLUMNS, stageRows);
                inserts.insertRows(connection, "event_plugins", PLUGIN_COLUMNS, pluginRows);
                SmallKeys.Learned learned = new SmallKeys.Learned();
                storeRuns(connection, inserts, ordered, stored, learned);
                insertReceipts(connection, receipts);
                connection.commit();
                // Only keys of committed rows may be remembered (see SmallKeys).
                learned.publish();
                return stored;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    /** The per-run rows of the new end and metadata events (schema V2), with their machines' keys. */
    private void storeRuns(Connection connection, BulkInsert bulk, List<StoredEvent> ordered, Set<String> stored,
            SmallKeys.Learned learned) throws SQLException {
        List<StoredEvent> ends = new ArrayList<>();
        List<StoredEvent> metadata = new ArrayList<>();
        List<StoredEvent> added = new ArrayList<>();
        for (StoredEvent event : ordered) {
            if (stored.contains(event.eventId())) {
                added.add(event);
                if (event.kind() == StoredEvent.EventKind.END) {
                    ends.add(event);
                } else if (event.kind() == StoredEvent.EventKind.METADATA && !event.plugins().isEmpty()) {
                    metadata.add(event);
                }
            }
        }
        SessionOutcomes outcomes = SessionOutcomes.of(added);
        if (ends.isEmpty() && metadata.isEmpty() && outcomes.sessions().isEmpty()) {
            return;
        }
        // Each machine with the latest time of its events stored here: how long its key may be remembered.
        java.util.TreeMap<String, LocalDateTime> machineIds = new java.util.TreeMap<>();
        ends.forEach(e -> machineIds.merge(e.machineId(), e.time(), JdbcEventConsumer::later));
        metadata.forEach(e -> machineIds.merge(e.machineId(), e.time(), JdbcEventConsumer::later));
        Map<String, Integer> keys = machineKeys.keys(connection, bulk, machineIds, learned);
        List<RunRow> runs = new ArrayList<>();
        for (StoredEvent end : ends) {
            runs.add(new RunRow(end, null, keys.get(end.machineId())));
        }
        // Sorted by (session, plugin): two PostgreSQL instances then lock shared keys in the same order.
        Map<String, RunRow> plugins = new java.util.TreeMap<>();
        metadata.sort(Comparator.comparing(StoredEvent::time).thenComparing(StoredEvent::eventId));
        for (StoredEvent event : metadata) {
            String session = SessionOutcomes.canonical(event.sessionId());
            for (String plugin : event.plugins()) {
                plugins.putIfAbsent(event.sessionId() + " " + plugin, new RunRow(event, plugin, keys.get(event.machineId()),
                        outcomes.failed(session), outcomes.blamed(session).contains(plugin)));
            }
        }
        bulk.insertRows(connection, "runs", RUN_COLUMNS, runs);
        Set<String> newPlugins = bulk.insertRowsReturningNew(connection, "run_plugins", RUN_PLUGIN_COLUMNS,
                new ArrayList<>(plugins.values()), "session_id, plugin");
        PluginPairRows.store(connection, bulk, pluginKeys, learned, plugins.values(), newPlugins, outcomes);
    }

    static LocalDateTime later(LocalDateTime a, LocalDateTime b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static <T> Set<String> insertReturningNew(Connection connection, String table, List<Column<T>> columns,
            List<T> rows, String keyColumn) throws SQLException {
        Set<String> stored = new HashSet<>();
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            String sql = insertSql(table, columns, chunk.size())
                    + " ON CONFLICT (" + keyColumn + ") DO NOTHING RETURNING " + keyColumn;
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                bind(insert, columns, chunk);
                try (ResultSet keys = insert.executeQuery()) {
                    while (keys.next()) {
                        stored.add(keyText(keys));
                    }
                }
            }
        }
        return stored;
    }

    private static <T> void insert(Connection connection, String table, List<Column<T>> columns, List<T> rows,
            String suffix) throws SQLException {
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            try (PreparedStatement insert = connection.prepareStatement(insertSql(table, columns, chunk.size()) + suffix)) {
                bind(insert, columns, chunk);
                insert.executeUpdate();
            }
        }
    }

    /**
     * The key a row will have once stored, as {@link #keyText(ResultSet)} gives it back: its key columns'
     * values joined by a space, a UUID in its canonical (lower-case) text.
     */
    public static <T> String keyText(List<Column<T>> columns, String keyColumns, T row) {
        StringBuilder text = new StringBuilder();
        for (String name : keyColumns.split(",")) {
            Column<T> column = columns.stream().filter(c -> c.name().equals(name.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no key column " + name));
            Object value = column.value().apply(row);
            String part = column.uuid() ? java.util.UUID.fromString((String) value).toString() : String.valueOf(value);
            text.append(text.length() == 0 ? "" : " ").append(part);
        }
        return text.toString();
    }

    /**
     * A returned key as text: its columns joined by a space (a UUID as its canonical text; none of the
     * key columns can hold a space).
     */
    public static String keyText(ResultSet keys) throws SQLException {
        int columns = keys.getMetaData().getColumnCount();
        if (columns == 1) {
            return keys.getString(1);
        }
        StringBuilder text = new StringBuilder(keys.getString(1));
        for (int i = 2; i <= columns; i++) {
            text.append(' ').append(keys.getString(i));
        }
        return text.toString();
    }

    private static void insertReceipts(Connection connection, Collection<BatchReceipt> receipts) throws SQLException {
        if (receipts.isEmpty()) {
            return;
        }
        List<BatchReceipt> distinct = new ArrayList<>(receipts.stream()
                .collect(java.util.stream.Collectors.toMap(BatchReceipt::idempotencyKey, r -> r, (a, b) -> a,
                        java.util.TreeMap::new)).values());
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        List<Column<BatchReceipt>> columns = List.of(
                text("idempotency_key", BatchReceipt::idempotencyKey),
                new Column<>("received_at", Types.TIMESTAMP, "?", r -> now),
                new Column<>("events", Types.INTEGER, "?", BatchReceipt::events),
                new Column<>("rejected", Types.INTEGER, "?", BatchReceipt::rejected));
        insert(connection, "batch_receipts", columns, distinct, " ON CONFLICT (idempotency_key) DO NOTHING");
    }

    @Override
    public Optional<BatchReceipt> findReceipt(String idempotencyKey) throws StorageException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT events, rejected FROM batch_receipts WHERE idempotency_key = ?")) {
            query.setString(1, idempotencyKey);
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(new BatchReceipt(idempotencyKey, row.getInt(1), row.getInt(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("looking up a batch receipt failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long deleteOlderThan(Instant cutoff) throws StorageException {
        LocalDateTime before = LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long deleted = delete(connection, "DELETE FROM events WHERE event_time < ?", before);
                delete(connection, "DELETE FROM event_stages WHERE event_time < ?", before);
                delete(connection, "DELETE FROM event_plugins WHERE event_time < ?", before);
                delete(connection, "DELETE FROM runs WHERE event_time < ?", before);
                delete(connection, "DELETE FROM run_plugins WHERE event_time < ?", before);
                delete(connection, "DELETE FROM run_plugin_pairs WHERE event_time < ?", before);
                delete(connection, "DELETE FROM run_plugin_sessions WHERE event_time < ?", before);
                // A machine's id stays only as long as one of its events does.
                try (java.sql.Statement statement = connection.createStatement()) {
                    statement.executeUpdate("DELETE FROM machines WHERE NOT EXISTS "
                            + "(SELECT 1 FROM events WHERE events.machine_id = machines.machine_id)");
                    // A plugin's name as long as a row names it.
                    statement.executeUpdate("DELETE FROM plugins WHERE NOT EXISTS "
                            + "(SELECT 1 FROM run_plugins WHERE run_plugins.plugin = plugins.plugin) AND NOT EXISTS "
                            + "(SELECT 1 FROM run_plugin_pairs WHERE plugins.plugin_key IN (plugin_a, plugin_b))");
                }
                delete(connection, "DELETE FROM batch_receipts WHERE received_at < ?", before);
                connection.commit();
                // Belt and braces: remembered keys outlive retention by construction (SmallKeys), forget them anyway.
                machineKeys.forget();
                pluginKeys.forget();
                return deleted;
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("retention delete failed: " + e.getMessage(), e);
        }
    }

    private static long delete(Connection connection, String sql, LocalDateTime before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setObject(1, before);
            return delete.executeUpdate();
        }
    }

    private static String insertSql(String table, List<? extends Column<?>> columns, int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (");
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i).name());
            tuple.append(i == 0 ? "" : ", ").append(columns.get(i).placeholder());
        }
        tuple.append(')');
        sql.append(") VALUES ");
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append(tuple);
        }
        return sql.toString();
    }

    private static <T> void bind(PreparedStatement statement, List<Column<T>> columns, List<T> rows) throws SQLException {
        int index = 1;
        for (T row : rows) {
            for (Column<T> column : columns) {
                Object value = column.value().apply(row);
                if (value == null) {
                    statement.setNull(index++, column.sqlType());
                } else {
                    statement.setObject(index++, value);
                }
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    private static <T> List<Column<T>> concat(List<Column<T>> a, List<Column<T>> b) {
        List<Column<T>> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static <T> Column<T> text(String name, Function<T, Object> value) {
        return new Column<>(name, Types.VARCHAR, "?", value);
    }

    private static <T> Column<T> bool(String name, Function<T, Object> value) {
        return new Column<>(name, Types.BOOLEAN, "?", value);
    }

    private static <T> Column<T> uuid(String name, Function<T, Object> value) {
        return new Column<>(name, Types.VARCHAR, "CAST(? AS UUID)", value);
    }

    /**
     * One column of an insert: its name, its SQL type for nulls, its placeholder and where its value
     * comes from. Lists of columns are in the tables' column order (an appender relies on it).
     */
    public record Column<T>(String name, int sqlType, String placeholder, Function<T, Object> value) {

        /** Whether the column holds a UUID (given as text, cast by the database). */
        public boolean uuid() {
            return placeholder.startsWith("CAST");
        }
    }

    /**
     * A run or run-plugin row: its event, the plugin (run_plugins only), the machine's key and, on a
     * run-plugin row, the session's outcome as this transaction knows it (schema V4).
     */
    public record RunRow(StoredEvent event, String plugin, Integer machineKey, boolean failed, boolean blamed) {

        RunRow(StoredEvent event, String plugin, Integer machineKey) {
            this(event, plugin, machineKey, false, false);
        }
    }

    /** A stage or plugin row beside the event it belongs to. */
    public record Row(StoredEvent event, Object detail) {
    }

    /**
     * How rows get into the tables: the one thing that differs between backends on the write path.
     * Both are called inside the consumer's transaction.
     */
    public interface BulkInsert {

        /**
         * This way of inserting for a transaction that assumes the keys of
         * {@link #insertRowsReturningNew} rows are all new, except in {@code checkedTables}: it appends
         * them as they are and fails with {@link KeyConflictException} when one is stored already (the
         * consumer then writes the transaction again with this). The same object where there is no
         * cheaper way.
         */
        default BulkInsert assumingNewKeys(Set<String> checkedTables) {
            return this;
        }

        /** Called first in every write transaction, once autocommit is off. */
        default void begin(Connection connection) throws SQLException {
        }

        /** Inserts rows that cannot conflict (stage and plugin rows of new events). */
        <T> void insertRows(Connection connection, String table, List<Column<T>> columns, List<T> rows)
                throws SQLException;

        /**
         * Inserts rows whose key may be stored already ({@code ON CONFLICT (keyColumns) DO NOTHING});
         * returns the keys inserted, as {@link #keyText}. No duplicates among {@code rows}.
         *
         * @param keyColumns the key's columns, comma-separated
         */
        <T> Set<String> insertRowsReturningNew(Connection connection, String table, List<Column<T>> columns, List<T> rows,
                String keyColumns) throws SQLException;

        /**
         * What a {@code SELECT} ends with to lock the rows it reads until the transaction ends, so that
         * transactions of several collector instances touching one session take turns; empty where one
         * writer does all writes.
         */
        default String lockingClause() {
            return "";
        }

        /** Inserts rows whose key may be stored already ({@code ON CONFLICT DO NOTHING}); no duplicates among {@code rows}. */
        <T> void insertRowsIgnoringConflicts(Connection connection, String table, List<Column<T>> columns, List<T> rows)
                throws SQLException;
    }

    /** Multi-row {@code INSERT … VALUES} statements: what PostgreSQL takes fastest over JDBC. */
    public static final BulkInsert MULTI_ROW_VALUES = new BulkInsert() {
        @Override
        public <T> Set<String> insertRowsReturningNew(Connection connection, String table, List<Column<T>> columns,
                List<T> rows, String keyColumn) throws SQLException {
            return insertReturningNew(connection, table, columns, rows, keyColumn);
        }

        @Override
        public String lockingClause() {
            return " FOR UPDATE";
        }

        @Override
        public <T> void insertRows(Connection connection, String table, List<Column<T>> columns, List<T> rows)
                throws SQLException {
            insert(connection, table, columns, rows, "");
        }

        @Override
        public <T> void insertRowsIgnoringConflicts(Connection connection, String table, List<Column<T>> columns,
                List<T> rows) throws SQLException {
            insert(connection, table, columns, rows, " ON CONFLICT DO NOTHING");
        }
    };
}
