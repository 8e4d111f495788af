package dev.gatsbytelemetry.agent.cli;

import dev.gatsbytelemetry.agent.config.TinyJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Salvages the settings of a config file that is not valid JSON, before {@code telemetry --enable}
 * or {@code --disable} moves it aside and writes a fresh one, so other tools' keys survive the
 * repair where possible.
 *
 * <p>The two usual ways such a file breaks are a hand edit (a comment, a trailing comma) and a
 * truncated write. So the text is first cleaned of comments and trailing commas; if it still does
 * not parse, it is cut back to its last complete value and the open objects are closed. Every
 * {@code key: scalar} of the result is kept as a dotted key ({@code {"a": {"b": 1}}} gives
 * {@code a.b = 1}); arrays, nulls and keys containing a dot cannot be expressed as dotted-key
 * updates and are left out. The moved-aside copy still has everything.
 */
final class ConfigRecovery {

    private static final long MAX_BYTES = 1024 * 1024;

    private ConfigRecovery() {
    }

    /** Dotted key → String, Boolean or Number, in file order; empty when nothing can be salvaged. Never throws. */
    static Map<String, Object> salvage(Path file) {
        Map<String, Object> found = new LinkedHashMap<>();
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return found;
            }
            String cleaned = withoutCommentsAndTrailingCommas(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            Object root = parseOrClose(cleaned);
            if (root instanceof Map) {
                flatten("", (Map<?, ?>) root, found);
            }
        } catch (Exception e) {
            // nothing salvageable
        }
        return found;
    }

    private static Object parseOrClose(String text) {
        try {
            return TinyJson.parse(text);
        } catch (IllegalArgumentException e) {
            // Truncated: cut back to the last complete value and close what is open.
            for (int end = text.length(); end > 0; end--) {
                char c = text.charAt(end - 1);
                if (c != '"' && c != '}' && c != 'e' && c != 'l' && !Character.isDigit(c)) {
                    continue;
                }
                String prefix = text.substring(0, end);
                int open = 0;
                boolean inString = false;
                for (int i = 0; i < prefix.length(); i++) {
                    char p = prefix.charAt(i);
                    if (p == '\\' && inString) {
                        i++;
                    } else if (p == '"') {
                        inString = !inString;
                    } else if (!inString && p == '{') {
                        open++;
                    } else if (!inString && p == '}') {
                        open--;
                    }
                }
                if (inString || open <= 0) {
                    continue;
                }
                try {
                    return TinyJson.parse(prefix + "}".repeat(open));
                } catch (IllegalArgumentException ignored) {
                    // cut further back
                }
            }
            return null;
        }
    }

    private static String withoutCommentsAndTrailingCommas(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < text.length()) {
                    out.append(text.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (c == '#' || (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/')) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
                out.append('\n');
            } else if (c == ',') {
                int next = i + 1;
                while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
                    next++;
                }
                if (next < text.length() && (text.charAt(next) == '}' || text.charAt(next) == ']')) {
                    continue;
                }
                out.append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void flatten(String prefix, Map<?, ?> object, Map<String, Object> found) {
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (key.isEmpty() || key.indexOf('.') >= 0) {
                continue;
            }
            Object value = entry.getValue();
            if (value instanceof Map) {
                flatten(prefix + key + ".", (Map<?, ?>) value, found);
            } else if (value instanceof String || value instanceof Boolean || value instanceof Number) {
                found.put(prefix + key, value);
            }
        }
    }
}
