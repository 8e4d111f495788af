package dev.gatsbytelemetry.collector.storage;

import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer.BulkInsert;
import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * A table giving each text id a small integer key ({@code machines}, {@code plugins}): counting and
 * grouping by integers is what makes the per-run questions fast. Most ids of a batch have been seen:
 * they are looked up first, and only the others go through the conflict-checked insert (in sorted
 * order, so two PostgreSQL instances lock new ids in the same order).
 */
final class SmallKeys {

    private final String table;
    private final String idColumn;
    private final String keyColumn;
    private final List<Column<String>> insertColumns;

    SmallKeys(String table, String idColumn, String keyColumn) {
        this.table = table;
        this.idColumn = idColumn;
        this.keyColumn = keyColumn;
        this.insertColumns = List.of(new Column<>(idColumn, Types.VARCHAR, "?", id -> id));
    }

    /** Each id's key, given to ids not seen before, inside the caller's transaction. */
    Map<String, Integer> keys(Connection connection, BulkInsert bulk, SortedSet<String> ids) throws SQLException {
        Map<String, Integer> keys = lookUp(connection, ids);
        if (keys.size() < ids.size()) {
            List<String> unseen = new ArrayList<>();
            for (String id : ids) {
                if (!keys.containsKey(id)) {
                    unseen.add(id);
                }
            }
            bulk.insertRowsIgnoringConflicts(connection, table, insertColumns, unseen);
            keys.putAll(lookUp(connection, unseen));
        }
        if (keys.size() != ids.size()) {
            throw new SQLException(table + ": keys missing for " + (ids.size() - keys.size()) + " ids");
        }
        return keys;
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
}
