package dev.gatsbytelemetry.collector.storage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Answers each {@link Question} by running its SQL file. A file says {@code :filters} wherever the
 * caller's filters apply; this class replaces each with the conditions actually given (only those,
 * so the database sees a plain predicate it can prune by) and binds their values.
 */
public final class JdbcQueryStore implements QueryStore {

    private static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private final DataSource dataSource;
    private final Map<Question, String> sql = new EnumMap<>(Question.class);

    public JdbcQueryStore(DataSource dataSource, String backend) {
        this.dataSource = dataSource;
        for (Question question : Question.values()) {
            String file = question.file() + ".sql";
            sql.put(question, SqlResources.read("db/" + backend + "/queries/" + file)
                    .or(() -> SqlResources.read("queries/" + file))
                    .orElseThrow(() -> new IllegalStateException("no SQL for " + question)));
        }
    }

    @Override
    public Table answer(Question question, Filters filters) throws StorageException {
        List<Object> parameters = new ArrayList<>();
        String text = expandFilters(sql.get(question), filters, parameters);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(text)) {
            for (int i = 0; i < parameters.size(); i++) {
                query.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = query.executeQuery()) {
                return table(rows);
            }
        } catch (SQLException e) {
            throw new StorageException(question.file() + " failed: " + e.getMessage(), e);
        }
    }

    static String expandFilters(String sql, Filters filters, List<Object> parameters) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int next; (next = sql.indexOf(":filters", at)) >= 0; at = next + ":filters".length()) {
            out.append(sql, at, next);
            List<String> conditions = new ArrayList<>();
            condition(conditions, parameters, "component_id = ?", filters.component());
            condition(conditions, parameters, "component_version = ?", filters.version());
            condition(conditions, parameters, "command = ?", filters.command());
            condition(conditions, parameters, "event_time >= ?", filters.from());
            condition(conditions, parameters, "event_time < ?", filters.to());
            out.append(conditions.isEmpty() ? "TRUE" : "(" + String.join(" AND ", conditions) + ")");
        }
        return out.append(sql.substring(at)).toString();
    }

    private static void condition(List<String> conditions, List<Object> parameters, String sql, Optional<?> value) {
        value.ifPresent(v -> {
            conditions.add(sql);
            parameters.add(v);
        });
    }

    private static Table table(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<Object>> values = new ArrayList<>();
        while (rows.next()) {
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                row.add(plain(rows.getObject(i)));
            }
            values.add(row);
        }
        return new Table(List.copyOf(columns), values);
    }

    /** Driver-specific values as JSON-ready ones: numbers, booleans, strings; times as ISO UTC. */
    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof Long || value instanceof Integer || value instanceof Double) {
            return value;
        }
        if (value instanceof BigInteger big) {
            return big.longValue();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.scale() <= 0 ? (Object) decimal.longValue() : (Object) decimal.doubleValue();
        }
        if (value instanceof Number number) {
            return number instanceof Float || number instanceof Double ? number.doubleValue() : number.longValue();
        }
        if (value instanceof Timestamp timestamp) {
            return ISO_UTC.format(timestamp.toLocalDateTime());
        }
        if (value instanceof LocalDateTime time) {
            return ISO_UTC.format(time);
        }
        if (value instanceof OffsetDateTime time) {
            return ISO_UTC.format(time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        }
        return value.toString();
    }
}
