package org.example.sitegen.markdown;

import java.util.Map;

/**
 * The parsed front matter of a page plus the Markdown body that follows it.
 *
 * @param fields        key/value pairs in file order
 * @param lines         the 1-based line each key was declared on, for error messages
 * @param body          the Markdown after the closing {@code ---}
 */
public record FrontMatter(Map<String, String> fields, Map<String, Integer> lines, String body) {

    public String get(String key) {
        return fields.get(key);
    }

    public int lineOf(String key) {
        return lines.getOrDefault(key, 1);
    }
}
