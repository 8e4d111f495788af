package dev.gatsbytelemetry.collector.api;

import dev.gatsbytelemetry.collector.storage.Filters;
import dev.gatsbytelemetry.collector.storage.QueryStore;
import dev.gatsbytelemetry.collector.storage.Question;
import dev.gatsbytelemetry.collector.storage.StorageException;
import dev.gatsbytelemetry.collector.storage.Table;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.databind.ObjectMapper;

/**
 * Answers one {@link Question} over HTTP: filters from the query string, a JSON array of objects
 * (one per row, keys as the SQL names them), or CSV with {@code ?format=csv}.
 */
public final class ApiHandler {

    private static final Logger LOG = Logger.getLogger(ApiHandler.class.getName());

    private final QueryStore queries;
    private final ObjectMapper json;

    public ApiHandler(QueryStore queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
    }

    public void answer(Context ctx, Question question) {
        Filters filters;
        try {
            filters = FilterParser.parse(ctx::queryParam);
        } catch (IllegalArgumentException e) {
            ctx.status(400).contentType("application/json").result(json.writeValueAsString(Map.of("error", e.getMessage())));
            return;
        }
        Table table;
        try {
            table = queries.answer(question, filters);
        } catch (StorageException e) {
            LOG.log(Level.WARNING, e.getMessage());
            ctx.status(503).header("Retry-After", "5").contentType("application/json")
                    .result(json.writeValueAsString(Map.of("error", "storage unavailable")));
            return;
        }
        if ("csv".equalsIgnoreCase(ctx.queryParam("format"))) {
            ctx.status(200).contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "inline; filename=\"" + question.file() + ".csv\"")
                    .result(CsvFormat.write(table));
            return;
        }
        ctx.status(200).contentType("application/json").result(json.writeValueAsString(objects(table)));
    }

    private static List<Map<String, Object>> objects(Table table) {
        return table.rows().stream().map(row -> {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < table.columns().size(); i++) {
                object.put(table.columns().get(i), row.get(i));
            }
            return object;
        }).toList();
    }
}
