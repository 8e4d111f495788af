package dev.gatsbytelemetry.collector.storage;

import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer.BulkInsert;
import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A table giving each text id a small integer key ({@code machines}, {@code plugins}): counting and
 * grouping by integers is what makes the per-run questions fast. Most ids of a batch have been seen:
 * they are remembered, or looked up first, and only the others go through the conflict-checked insert
 * (in sorted order, so two PostgreSQL instances lock new ids in the same order).
 *
 * <p>Implementation notes, remembering keys (it saves the look-up statements of almost every
 * transaction, BENCHMARKS.md, issue 17, session 5): a key, once the database gave it to an id, never
 * changes while its row exists, whichever instance reads it. The row is deleted only by retention,
 * and only when no stored row names the id any more; retention deletes rows older than at least one
 * day ({@code --retention-days} ≥ 1). So a key is remembered with the latest time of the rows this
 * instance committed naming its id, and used only while that time is younger than
 * {@link #REMEMBERED_FOR}: until then a committed row keeps the id's key row alive, whatever another
 * instance's retention does (the hour left of the day covers clocks apart and slow transactions).
 * Keys are remembered only after their transaction committed ({@link Learned#publish}); at most
 * {@link #MAX_REMEMBERED} per table, the least recently used forgotten first.
 */
final class SmallKeys {

    /** How long after the latest time of its rows a key is still used without asking the database. */
    static final Duration REMEMBERED_FOR = Duration.ofHours(23);

    /** Keys remembered per table: a few MB at most. */
    static final int MAX_REMEMBERED = 100_000;

    private final String table;
    private final String idColumn;
    private final String keyColumn;
    private final List<Column<String>> insertColumns;
    private final Clock clock;
    private final Map<String, Remembered> remembered = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    SmallKeys(String table, String idColumn, String keyColumn) {
        this(table, idColumn, keyColumn, Clock.systemUTC());
    }

    SmallKeys(String table, String idColumn, String keyColumn, Clock clock) {
        this.table = table;
        this.idColumn = idColumn;
        this.keyColumn = keyColumn;
        this.clock = clock;
        this.insertColumns = List.of(new Column<>(idColumn, Types.VARCHAR, "?", id -> id));
    }

    /**
     * Each id's key, given to ids not seen before, inside the caller's transaction.
     *
     * @param ids     the ids, each with the latest time of a row this transaction stores naming it (or
     *                null when it stores none: such a key is not remembered)
     * @param learned where keys to remember once the transaction commits are collected
     */
    Map<String, Integer> keys(Connection connection, BulkInsert bulk, SortedMap<String, LocalDateTime> ids,
            Learned learned) throws SQLException {
        Map<String, Integer> keys = new HashMap<>();
        List<String> asked = new ArrayList<>();
        LocalDateTime usableAfter = LocalDateTime.now(clock).minus(REMEMBERED_FOR);
        synchronized (remembered) {
            for (String id : ids.keySet()) {
                Remembered known = remembered.get(id);
                if (known != null && known.latest().isAfter(usableAfter)) {
                    keys.put(id, known.key());
                } else {
                    asked.add(id);
                }
            }
        }
        if (!asked.isEmpty()) {
            Map<String, Integer> found = lookUp(connection, asked);
            if (found.size() < asked.size()) {
                List<String> unseen = new ArrayList<>();
                for (String id : asked) {
                    if (!found.containsKey(id)) {
                        unseen.add(id);
                    }
                }
                bulk.insertRowsIgnoringConflicts(connection, table, insertColumns, unseen);
                found.putAll(lookUp(connection, unseen));
            }
            keys.putAll(found);
        }
        if (keys.size() != ids.size()) {
            throw new SQLException(table + ": keys missing for " + (ids.size() - keys.size()) + " ids");
        }
        ids.forEach((id, latest) -> {
            if (latest != null) {
                learned.add(this, id, keys.get(id), latest);
            }
        });
        return keys;
    }

    /** Forgets every remembered key. */
    void forget() {
        synchronized (remembered) {
            remembered.clear();
        }
    }

    /** How many keys are remembered (tests). */
    int rememberedCount() {
        synchronized (remembered) {
            return remembered.size();
        }
    }

    private void remember(String id, int key, LocalDateTime latest) {
        if (!latest.isAfter(LocalDateTime.now(clock).minus(REMEMBERED_FOR))) {
            return; // an old row: another instance's retention may delete the key row any time
        }
        synchronized (remembered) {
            Remembered known = remembered.get(id);
            if (known != null && known.key() != key) {
                // Cannot happen while the reasoning above holds; if it does, trust the database next time.
                remembered.remove(id);
                return;
            }
            remembered.put(id, new Remembered(key, known == null ? latest : JdbcEventConsumer.later(known.latest(), latest)));
        }
    }

    private Map<String, Integer> lookUp(Connection connection, Collection<String> wanted) throws SQLException {
        Map<String, Integer> keys = new HashMap<>();
        List<String> ids = new ArrayList<>(wanted);
        for (int from = 0; from < ids.size(); from += JdbcEventConsumer.ROWS_PER_STATEMENT) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + JdbcEventConsumer.ROWS_PER_STATEMENT));
            String sql = "SELECT " + idColumn + ", " + keyColumn + " FROM " + table + " WHERE " + idColumn + " IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    query.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        keys.put(rows.getString(1), rows.getInt(2));
                    }
                }
            }
        }
        return keys;
    }

    private record Remembered(int key, LocalDateTime latest) {
    }

    /** Keys read or given in one transaction, remembered only once it has committed. */
    static final class Learned {

        private final List<Runnable> pending = new ArrayList<>();

        void add(SmallKeys keys, String id, int key, LocalDateTime latest) {
            pending.add(() -> keys.remember(id, key, latest));
        }

        /** Call after the commit. */
        void publish() {
            pending.forEach(Runnable::run);
        }
    }
}
