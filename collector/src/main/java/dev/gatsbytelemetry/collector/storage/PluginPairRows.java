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
 *
 * <p>The mark also carries the session's outcome (schema V4: failed; the plugins error events blamed),
 * and each plugin row the same as flags, so the plugins question counts failed and error runs without
 * a join. An end or error event with an outcome reads the session's mark by key, or creates one without
 * plugin names when none is stored yet (an upsert that meets a stored mark is what DuckDB does slowly:
 * ~10 ms of CPU per conflicting row over millions of marks); a session found stored already gets
 * the outcome merged into its mark, its earlier plugin rows the new outcome and this transaction's
 * plugin rows the earlier outcome (one {@code UPDATE … FROM (VALUES …)} per chunk of rows). When the
 * events of a run come in one transaction, as the agent sends them, no statement is added.
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
            new Column<>("plugins", Types.VARCHAR, "?", Mark::plugins),
            new Column<>("failed", Types.BOOLEAN, "?", Mark::failed),
            new Column<>("blamed", Types.VARCHAR, "?", Mark::blamed));

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
     * @param listed   this transaction's run_plugins rows (one per session and plugin: the first metadata
     *                 event listing it), inserted just before with this transaction's outcomes as flags
     * @param inserted which of them were new ({@code "<session> <plugin>"}); the others were stored before
     * @param outcomes what this transaction's new events say about how their sessions went (schema V4)
     */
    static void store(Connection connection, BulkInsert bulk, SmallKeys pluginKeys, SmallKeys.Learned learned,
            Collection<RunRow> listed, Set<String> inserted, SessionOutcomes outcomes) throws SQLException {
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
        // A session with an outcome but no new plugin row: its mark records the outcome for plugin rows to
        // come, or passes it on to the rows stored before.
        outcomes.sessions().forEach(session -> bySession.computeIfAbsent(session, s -> new ArrayList<>()));
        if (bySession.isEmpty()) {
            return;
        }
        List<Mark> marks = new ArrayList<>();
        bySession.forEach((session, rows) -> marks.add(new Mark(session,
                rows.stream().map(Listed::time).min(Comparator.naturalOrder()).orElseGet(() -> outcomes.firstSeen(session)),
                names(rows.stream().map(Listed::plugin).toList()), outcomes.failed(session),
                names(outcomes.blamed(session)))));
        // A session with an outcome and no new plugin row mostly has its mark already (its plugins came in an
        // earlier transaction): it is read first and only a missing one inserted, because DuckDB's ON CONFLICT
        // costs ~10 ms of CPU per conflicting row over millions of marks, a read by key ~1-2 ms per statement.
        List<String> outcomeOnly = new ArrayList<>();
        bySession.forEach((session, rows) -> {
            if (rows.isEmpty()) {
                outcomeOnly.add(session);
            }
        });
        Map<String, Mark> known = outcomeOnly.isEmpty() ? Map.of() : readMarks(connection, outcomeOnly, "");
        Set<String> fresh = new HashSet<>();
        for (String id : bulk.insertRowsReturningNew(connection, "run_plugin_sessions", MARK_COLUMNS,
                marks.stream().filter(m -> !known.containsKey(m.sessionId())).toList(), "session_id")) {
            fresh.add(canonical(id));
        }
        List<String> earlier = new ArrayList<>();
        for (String session : bySession.keySet()) {
            if (!fresh.contains(session)) {
                earlier.add(session);
            }
        }
        if (!earlier.isEmpty()) {
            List<Mark> grown = new ArrayList<>();
            List<Flags> flags = new ArrayList<>();
            Map<String, Mark> stored = new TreeMap<>();
            if (bulk.lockingClause().isEmpty()) {
                // one writer: what was read above is still what is stored
                stored.putAll(known);
                stored.putAll(readMarks(connection, earlier.stream().filter(id -> !known.containsKey(id)).toList(), ""));
            } else {
                stored.putAll(readMarks(connection, earlier, bulk.lockingClause()));
            }
            if (stored.size() != earlier.size()) {
                throw new SQLException("run_plugin_sessions: " + (earlier.size() - stored.size()) + " marks missing");
            }
            for (Map.Entry<String, Mark> entry : stored.entrySet()) {
                String session = entry.getKey();
                Mark before = entry.getValue();
                List<Listed> rows = bySession.get(session);
                boolean failed = before.failed() || outcomes.failed(session);
                Set<String> blamed = new TreeSet<>(split(before.blamed()));
                blamed.addAll(outcomes.blamed(session));
                // rows stored before take this transaction's outcome; this transaction's rows the stored one
                for (String name : split(before.plugins())) {
                    flags.add(new Flags(session, name, failed, blamed.contains(name),
                            before.failed(), split(before.blamed()).contains(name)));
                }
                for (Listed row : rows) {
                    flags.add(new Flags(session, row.plugin(), failed, blamed.contains(row.plugin()),
                            outcomes.failed(session), outcomes.blamed(session).contains(row.plugin())));
                }
                List<String> all = new ArrayList<>(split(before.plugins()));
                rows.forEach(r -> all.add(r.plugin()));
                Mark after = new Mark(session, null, names(all), failed, names(blamed));
                if (!after.plugins().equals(before.plugins()) || after.failed() != before.failed()
                        || !after.blamed().equals(before.blamed())) {
                    grown.add(after);
                }
                // only their names matter: a pair with an earlier plugin is completed by the new one
                if (!rows.isEmpty()) {
                    split(before.plugins()).forEach(name -> rows.add(new Listed(name, null, null, null, null, false)));
                }
            }
            updateMarks(connection, grown);
            updateFlags(connection, flags.stream().filter(Flags::changes).toList());
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
        if (names.isEmpty()) {
            return;
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
     * The marks stored for these sessions (plugin names and outcome; a session without one is left out),
     * read through their key; with {@code locking} (PostgreSQL) they are locked first, in session order, so
     * instances adding to one session take turns.
     */
    private static Map<String, Mark> readMarks(Connection connection, List<String> sessions, String locking)
            throws SQLException {
        Map<String, Mark> bySession = new TreeMap<>();
        for (int from = 0; from < sessions.size(); from += JdbcEventConsumer.ROWS_PER_STATEMENT) {
            List<String> chunk = sessions.subList(from, Math.min(sessions.size(), from + JdbcEventConsumer.ROWS_PER_STATEMENT));
            try (PreparedStatement query = connection.prepareStatement("SELECT CAST(session_id AS VARCHAR), plugins,"
                    + " failed, blamed FROM run_plugin_sessions WHERE session_id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "CAST(? AS UUID)")) + ") ORDER BY session_id"
                    + locking)) {
                for (int i = 0; i < chunk.size(); i++) {
                    query.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String session = canonical(rows.getString(1));
                        bySession.put(session, new Mark(session, null, rows.getString(2), rows.getBoolean(3),
                                rows.getString(4) == null ? "" : rows.getString(4)));
                    }
                }
            }
        }
        return bySession;
    }

    private static void updateMarks(Connection connection, List<Mark> marks) throws SQLException {
        if (marks.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE run_plugin_sessions SET plugins = ?, failed = ?, blamed = ? WHERE session_id = CAST(? AS UUID)")) {
            for (Mark mark : marks) {
                update.setString(1, mark.plugins());
                update.setBoolean(2, mark.failed());
                update.setString(3, mark.blamed());
                update.setString(4, mark.sessionId());
                update.executeUpdate();
            }
        }
    }

    /**
     * Sets the outcome flags of plugin rows, one statement per chunk: on DuckDB each statement scans the
     * plugin rows' keys once (no index serves a list of keys), so rows are not updated one by one.
     */
    private static void updateFlags(Connection connection, List<Flags> flags) throws SQLException {
        for (int from = 0; from < flags.size(); from += JdbcEventConsumer.ROWS_PER_STATEMENT) {
            List<Flags> chunk = flags.subList(from, Math.min(flags.size(), from + JdbcEventConsumer.ROWS_PER_STATEMENT));
            try (PreparedStatement update = connection.prepareStatement("UPDATE run_plugins SET failed = u.failed,"
                    + " blamed = u.blamed FROM (VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(),
                            "(CAST(? AS UUID), CAST(? AS VARCHAR), CAST(? AS BOOLEAN), CAST(? AS BOOLEAN))"))
                    + ") AS u (session_id, plugin, failed, blamed)"
                    + " WHERE run_plugins.session_id = u.session_id AND run_plugins.plugin = u.plugin")) {
                int index = 1;
                for (Flags row : chunk) {
                    update.setString(index++, row.sessionId());
                    update.setString(index++, row.plugin());
                    update.setBoolean(index++, row.failed());
                    update.setBoolean(index++, row.blamed());
                }
                update.executeUpdate();
            }
        }
    }

    private static List<String> split(String names) {
        return names == null || names.isEmpty() ? List.of() : List.of(names.split(" "));
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

    /** A session's mark: its plugin names and its outcome (failed; the blamed plugin names). */
    private record Mark(String sessionId, LocalDateTime time, String plugins, boolean failed, String blamed) {
    }

    /** The outcome flags a plugin row should have, and those it has. */
    private record Flags(String sessionId, String plugin, boolean failed, boolean blamed, boolean hadFailed,
            boolean hadBlamed) {

        boolean changes() {
            return failed != hadFailed || blamed != hadBlamed;
        }
    }

    private record Pair(String sessionId, int a, int b, Listed by) {
    }
}
