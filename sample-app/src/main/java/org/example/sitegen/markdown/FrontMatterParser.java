package org.example.sitegen.markdown;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the YAML-ish block between two {@code ---} lines at the top of a page.
 * Only flat {@code key: value} pairs, blank lines and {@code #} comments are allowed.
 */
public final class FrontMatterParser {

    private static final String DELIMITER = "---";
    private static final Pattern FIELD = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)[ \\t]*:(?:[ \\t]+(.*))?");

    public FrontMatter parse(String file, String text) {
        String[] lines = text.split("\\R", -1);
        if (lines.length > 0 && lines[0].startsWith("\uFEFF")) {
            lines[0] = lines[0].substring(1);
        }
        if (lines.length == 0 || !lines[0].stripTrailing().equals(DELIMITER)) {
            return new FrontMatter(Map.of(), Map.of(), text);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, Integer> lineNumbers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (line.equals(DELIMITER)) {
                String body = String.join("\n", java.util.Arrays.copyOfRange(lines, i + 1, lines.length));
                return new FrontMatter(fields, lineNumbers, body);
            }
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher m = FIELD.matcher(line);
            if (!m.matches()) {
                throw new FrontMatterException(file, i + 1,
                        "malformed front matter: expected 'key: value' but found '" + line.strip() + "'");
            }
            String key = m.group(1);
            if (fields.containsKey(key)) {
                throw new FrontMatterException(file, i + 1,
                        "duplicate front matter key '" + key + "' (first set on line " + lineNumbers.get(key) + ")");
            }
            fields.put(key, unquote(m.group(2) == null ? "" : m.group(2).strip()));
            lineNumbers.put(key, i + 1);
        }
        throw new FrontMatterException(file, 1, "front matter opened with '---' is never closed");
    }

    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            char last = value.charAt(value.length() - 1);
            if ((first == '"' || first == '\'') && first == last) {
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }
}
