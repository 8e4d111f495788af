package dev.gatsbytelemetry.agent.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed git config file (the INI dialect of {@code .git/config}), enough to look up values
 * such as {@code remote.origin.url} without spawning git.
 *
 * <p>Handles {@code [section]}, {@code [section "subsection"]} (subsection case-sensitive, with
 * {@code \"} and {@code \\} escapes), the legacy {@code [section.subsection]}, keys without a value
 * (boolean true), {@code #} and {@code ;} comments at line start or after a value, double-quoted
 * value parts, the escapes {@code \n \t \b \" \\}, and lines continued with a trailing backslash.
 * Section and key names are case-insensitive. {@code [include]} directives are not followed.
 * Malformed lines are skipped rather than failing the whole file.
 */
final class GitConfig {

    private record Entry(String section, String subsection, String key, String value) {}

    private final List<Entry> entries;

    private GitConfig(List<Entry> entries) {
        this.entries = entries;
    }

    /** The last value of {@code section.subsection.key} (as {@code git config --get} returns), or null. */
    String get(String section, String subsection, String key) {
        String wantedSection = section.toLowerCase(Locale.ROOT);
        String wantedKey = key.toLowerCase(Locale.ROOT);
        String found = null;
        for (Entry entry : entries) {
            if (entry.section.equals(wantedSection) && Objects.equals(entry.subsection, subsection)
                    && entry.key.equals(wantedKey) && entry.value != null) {
                found = entry.value;
            }
        }
        return found;
    }

    /** Parses config text. Never throws. */
    static GitConfig parse(String text) {
        return new Parser(text == null ? "" : text).parse();
    }

    private static final class Parser {
        private final String text;
        private int pos;
        private String section;
        private String subsection;
        private final List<Entry> entries = new ArrayList<>();

        Parser(String text) {
            this.text = text;
        }

        GitConfig parse() {
            while (pos < text.length()) {
                skipBlanks();
                if (pos >= text.length()) {
                    break;
                }
                char c = text.charAt(pos);
                if (c == '\n') {
                    pos++;
                } else if (c == '#' || c == ';') {
                    skipLine();
                } else if (c == '[') {
                    if (!parseHeader()) {
                        section = null;
                        skipLine();
                    }
                    // Anything after ']' on the same line is parsed as a key by the next iteration.
                } else if (isKeyChar(c)) {
                    parseEntry();
                } else {
                    skipLine();
                }
            }
            return new GitConfig(List.copyOf(entries));
        }

        private boolean parseHeader() {
            pos++; // '['
            int nameStart = pos;
            while (pos < text.length() && (isKeyChar(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            String name = text.substring(nameStart, pos);
            if (name.isEmpty() || pos >= text.length()) {
                return false;
            }
            char c = text.charAt(pos);
            if (c == ']') {
                pos++;
                int dot = name.indexOf('.');
                if (dot >= 0) { // legacy [section.subsection], subsection lower-cased by git
                    section = name.substring(0, dot).toLowerCase(Locale.ROOT);
                    subsection = name.substring(dot + 1).toLowerCase(Locale.ROOT);
                } else {
                    section = name.toLowerCase(Locale.ROOT);
                    subsection = null;
                }
                return true;
            }
            if (c != ' ' && c != '\t') {
                return false;
            }
            skipBlanks();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                return false;
            }
            pos++;
            StringBuilder sub = new StringBuilder();
            while (pos < text.length()) {
                c = text.charAt(pos++);
                if (c == '\n') {
                    return false;
                }
                if (c == '"') {
                    if (pos < text.length() && text.charAt(pos) == ']') {
                        pos++;
                        section = name.toLowerCase(Locale.ROOT);
                        subsection = sub.toString();
                        return true;
                    }
                    return false;
                }
                if (c == '\\' && pos < text.length()) {
                    c = text.charAt(pos++);
                }
                sub.append(c);
            }
            return false;
        }

        private void parseEntry() {
            int keyStart = pos;
            while (pos < text.length() && isKeyChar(text.charAt(pos))) {
                pos++;
            }
            String key = text.substring(keyStart, pos).toLowerCase(Locale.ROOT);
            skipBlanks();
            String value;
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                value = "true";
            } else if (text.charAt(pos) == '#' || text.charAt(pos) == ';') {
                value = "true";
                skipLine();
            } else if (text.charAt(pos) == '=') {
                pos++;
                value = parseValue();
            } else {
                skipLine();
                return;
            }
            if (section != null) {
                entries.add(new Entry(section, subsection, key, value));
            }
        }

        private String parseValue() {
            StringBuilder out = new StringBuilder();
            boolean quoted = false;
            int pendingSpaces = 0;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\n') {
                    break;
                }
                if (!quoted && (c == '#' || c == ';')) {
                    skipLine();
                    break;
                }
                if (!quoted && (c == ' ' || c == '\t' || c == '\r')) {
                    pendingSpaces++;
                    continue;
                }
                if (out.length() > 0) {
                    out.append(" ".repeat(pendingSpaces));
                }
                pendingSpaces = 0;
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\\' && pos < text.length()) {
                    char next = text.charAt(pos++);
                    switch (next) {
                        case '\n':
                            break; // continuation
                        case '\r':
                            if (pos < text.length() && text.charAt(pos) == '\n') {
                                pos++;
                            }
                            break;
                        case 'n':
                            out.append('\n');
                            break;
                        case 't':
                            out.append('\t');
                            break;
                        case 'b':
                            out.append('\b');
                            break;
                        default:
                            out.append(next); // \" \\ and anything git would reject
                    }
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        private void skipBlanks() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\r' && c != '\uFEFF') {
                    return;
                }
                pos++;
            }
        }

        private void skipLine() {
            while (pos < text.length() && text.charAt(pos) != '\n') {
                pos++;
            }
        }

        private static boolean isKeyChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        }
    }
}
