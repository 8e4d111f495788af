package dev.gatsbytelemetry.collector.api;

import dev.gatsbytelemetry.collector.storage.Table;
import java.util.List;

/** Writes a {@link Table} as RFC 4180 CSV: a header line, then one line per row, CRLF line ends. */
public final class CsvFormat {

    private CsvFormat() {
    }

    public static String write(Table table) {
        StringBuilder csv = new StringBuilder();
        line(csv, table.columns());
        for (List<Object> row : table.rows()) {
            line(csv, row);
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            Object value = values.get(i);
            if (value != null) {
                csv.append(field(value.toString()));
            }
        }
        csv.append("\r\n");
    }

    private static String field(String value) {
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
