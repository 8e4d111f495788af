package dev.gatsbytelemetry.agent.event;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON for the agent's own values: compact for events, indented for the config file. One small
 * class that loads in well under a millisecond, where a JSON library's first use costs tens on the
 * exit path (see docs/architecture.md). Unknown value types are written as their string form.
 */
public final class JsonWriter {

    private JsonWriter() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        append(out, value, 0, false);
        return out.toString();
    }

    /** Indented with two spaces, for files people read and edit (the config file). */
    public static String writePretty(Object value) {
        StringBuilder out = new StringBuilder(256);
        append(out, value, 0, true);
        return out.toString();
    }

    private static void newline(StringBuilder out, int depth, boolean pretty) {
        if (pretty) {
            out.append('\n');
            for (int i = 0; i < depth; i++) {
                out.append("  ");
            }
        }
    }

    private static void append(StringBuilder out, Object value, int depth, boolean pretty) {
        if (depth > 32) {
            out.append("null");
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            string(out, (String) value);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
            } else {
                out.append("null");
            }
        } else if (value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map) {
            out.append('{');
            Iterator<? extends Map.Entry<?, ?>> entries = ((Map<?, ?>) value).entrySet().iterator();
            boolean any = entries.hasNext();
            while (entries.hasNext()) {
                Map.Entry<?, ?> entry = entries.next();
                newline(out, depth + 1, pretty);
                string(out, String.valueOf(entry.getKey()));
                out.append(pretty ? ": " : ":");
                append(out, entry.getValue(), depth + 1, pretty);
                if (entries.hasNext()) {
                    out.append(',');
                }
            }
            if (any) {
                newline(out, depth, pretty);
            }
            out.append('}');
        } else if (value instanceof List) {
            out.append('[');
            List<?> list = (List<?>) value;
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                newline(out, depth + 1, pretty);
                append(out, list.get(i), depth + 1, pretty);
            }
            if (!list.isEmpty()) {
                newline(out, depth, pretty);
            }
            out.append(']');
        } else {
            string(out, String.valueOf(value));
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
