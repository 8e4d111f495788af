package dev.gatsbytelemetry.collector.storage;

import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer.BulkInsert;
import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer.Column;
import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer.RunRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Keeps {@code run_plugin_pairs} (schema V3): one row per session and pair of plugins the session
 * used, so the plugins/pairs question groups rows instead of joining the session-plugin rows with
 * themselves.
 *
 * <p>Implementation notes: a session's plugins may arrive in several metadata events (a child JVM's,
 * another batch, another collector instance), and a pair is any two of them. A pair is stored by the
 * transaction that stores the second of its two {@code run_plugins} rows, so it is stored once
 * without a key on the pair table (a key over millions of pair rows would be an index DuckDB keeps in
 * memory). The session's mark in {@code run_plugin_sessions} is inserted with {@code ON CONFLICT DO
 * NOTHING RETURNING}: a session it returns had no plugin before this transaction, so its pairs are
 * all the pairs of this batch's plugins (the common case, no read). For any other session, its mark,
 * which holds the session's plugin names, is read through its key and locked (PostgreSQL: instances
 * take turns per session; the waiting one then reads the other's committed names), the pairs with
 * at least one plugin new in this transaction are inserted, and the mark's names grow by the new
 * ones. (Reading the names from {@code run_plugins} instead scanned its session column: ~90 ms of CPU
 * over 7.5 M rows.) A pair is dated and filtered by the metadata event that completed it.
 */
final class PluginPairRows {

    /** Plugin names compared by code point: the order of DuckDB's strings and PostgreSQL's "C" collation. */
    private static final Comparator<String> BY_CODE_POINT = (x, y) -> {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    };

    private static final List<Column<Mark>> MARK_COLUMNS = List.of(
            new Column<>("session_id", Types.VARCHAR, "CAST(? AS UUID)", Mark::sessionId),
            new Column<>("event_time", Types.TIMESTAMP, "?", Mark::time),
            new Column<>("plugins", Types.VARCHAR, "?", Mark::plugins));

    private static final List<Column<Pair>> PAIR_COLUMNS = List.of(
            new Column<>("session_id", Types.VARCHAR, "CAST(? AS UUID)", Pair::sessionId),
            new Column<>("plugin_a", Types.INTEGER, "?", Pair::a),
            new Column<>("plugin_b", Types.INTEGER, "?", Pair::b),
            new Column<>("event_time", Types.TIMESTAMP, "?", p -> p.by().time()),
            new Column<>("component_id", Types.VARCHAR, "?", p -> p.by().componentId()),
            new Column<>("component_version", Types.VARCHAR, "?", p -> p.by().componentVersion()),
            new Column<>("command", Types.VARCHAR, "?", p -> p.by().command()));

    private PluginPairRows() {
    }

    /**
     * @param listed this transaction's run_plugins rows (one per session and plugin: the first metadata
     *               event listing it), inserted just before
     * @param inserted which of them were new ({@code "<session> <plugin>"}); the others were stored before
     */
    static void store(Connection connection, BulkInsert bulk, SmallKeys pluginKeys, SmallKeys.Learned learned,
            Collection<RunRow> listed, Set<String> inserted) throws SQLException {
        Set<String> added = new HashSet<>();
        for (String key : inserted) {
            int space = key.indexOf(' ');
            added.add(canonical(key.substring(0, space)) + key.substring(space));
        }
        SortedMap<String, List<Listed>> bySession = new TreeMap<>();
        for (RunRow row : listed) {
            var event = row.event();
            String session = canonical(event.sessionId());
            if (added.contains(session + " " + row.plugin())) {
                bySession.computeIfAbsent(session, s -> new ArrayList<>()).add(new Listed(row.plugin(), event.time(),
                        event.componentId(), event.componentVersion(), event.command(), true));
            }
        }
        if (bySession.isEmpty()) {
            return;
        }
        List<Mark> marks = new ArrayList<>();
        bySession.forEach((session, rows) -> marks.add(new Mark(session,
                rows.stream().map(Listed::time).min(Comparator.naturalOrder()).orElseThrow(),
                names(rows.stream().map(Listed::plugin).toList()))));
        Set<String> fresh = new HashSet<>();
        for (String id : bulk.insertRowsReturningNew(connection, "run_plugin_sessions", MARK_COLUMNS, marks, "session_id")) {
            fresh.add(canonical(id));
        }
        List<String> earlier = new ArrayList<>();
        for (String session : bySession.keySet()) {
            if (!fresh.contains(session)) {
                earlier.add(session);
            }
        }
        if (!earlier.isEmpty()) {
            Map<String, List<String>> before = earlierPlugins(connection, bulk, earlier);
            List<Mark> grown = new ArrayList<>();
            for (Map.Entry<String, List<String>> entry : before.entrySet()) {
                List<Listed> rows = bySession.get(entry.getKey());
                List<String> all = new ArrayList<>(entry.getValue());
                rows.forEach(r -> all.add(r.plugin()));
                grown.add(new Mark(entry.getKey(), null, names(all)));
                // only their names matter: a pair with an earlier plugin is completed by the new one
                entry.getValue().forEach(name -> rows.add(new Listed(name, null, null, null, null, false)));
            }
            updatePlugins(connection, grown);
        }

        // Each name with the latest time of a run_plugins row stored here naming it (null: named only by
        // earlier rows): how long its key may be remembered.
        TreeMap<String, LocalDateTime> names = new TreeMap<>();
        for (List<Listed> rows : bySession.values()) {
            for (Listed row : rows) {
                LocalDateTime time = row.isNew() ? row.time() : null;
                names.put(row.plugin(), JdbcEventConsumer.later(names.get(row.plugin()), time));
            }
        }
        Map<String, Integer> keys = pluginKeys.keys(connection, bulk, names, learned);
        List<Pair> pairs = new ArrayList<>();
        bySession.forEach((session, rows) -> {
            rows.sort(Comparator.comparing(Listed::plugin, BY_CODE_POINT));
            for (int i = 0; i < rows.size(); i++) {
                for (int j = i + 1; j < rows.size(); j++) {
                    Listed a = rows.get(i);
                    Listed b = rows.get(j);
                    if (a.isNew() || b.isNew()) {
                        pairs.add(new Pair(session, keys.get(a.plugin()), keys.get(b.plugin()), completing(a, b)));
                    }
                }
            }
        });
        bulk.insertRows(connection, "run_plugin_pairs", PAIR_COLUMNS, pairs);
    }

    /** The row that made the pair: the new one, or of two new ones the later. */
    private static Listed completing(Listed a, Listed b) {
        if (a.isNew() != b.isNew()) {
            return a.isNew() ? a : b;
        }
        return b.time().isAfter(a.time()) ? b : a;
    }

    /**
     * The plugin names stored for these sessions, read through the marks' key; on PostgreSQL the marks
     * are locked first (in session order), so instances adding to one session take turns.
     */
    private static Map<String, List<String>> earlierPlugins(Connection connection, BulkInsert bulk, List<String> sessions)
            throws SQLException {
        Map<String, List<String>> bySession = new TreeMap<>();
        for (int from = 0; from < sessions.size(); from += JdbcEventConsumer.ROWS_PER_STATEMENT) {
            List<String> chunk = sessions.subList(from, Math.min(sessions.size(), from + JdbcEventConsumer.ROWS_PER_STATEMENT));
            try (PreparedStatement query = connection.prepareStatement("SELECT CAST(session_id AS VARCHAR), plugins"
                    + " FROM run_plugin_sessions WHERE session_id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "CAST(? AS UUID)")) + ") ORDER BY session_id"
                    + bulk.lockingClause())) {
                for (int i = 0; i < chunk.size(); i++) {
                    query.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        bySession.put(canonical(rows.getString(1)), List.of(rows.getString(2).split(" ")));
                    }
                }
            }
        }
        if (bySession.size() != sessions.size()) {
            throw new SQLException("run_plugin_sessions: " + (sessions.size() - bySession.size()) + " marks missing");
        }
        return bySession;
    }

    private static void updatePlugins(Connection connection, List<Mark> marks) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE run_plugin_sessions SET plugins = ? WHERE session_id = CAST(? AS UUID)")) {
            for (Mark mark : marks) {
                update.setString(1, mark.plugins());
                update.setString(2, mark.sessionId());
                update.executeUpdate();
            }
        }
    }

    /** Plugin names as the marks hold them: sorted, distinct, separated by a space. */
    private static String names(Collection<String> plugins) {
        TreeSet<String> sorted = new TreeSet<>(BY_CODE_POINT);
        sorted.addAll(plugins);
        return String.join(" ", sorted);
    }

    private static String canonical(String uuid) {
        return UUID.fromString(uuid).toString();
    }

    /**
     * A plugin of a session with the columns of the metadata event that listed it first, and whether
     * this transaction stored it.
     */
    private record Listed(String plugin, LocalDateTime time, String componentId, String componentVersion,
            String command, boolean isNew) {
    }

    private record Mark(String sessionId, LocalDateTime time, String plugins) {
    }

    private record Pair(String sessionId, int a, int b, Listed by) {
    }
}
