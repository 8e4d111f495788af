package org.example.sitegen.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits Markdown into blocks (headings, paragraphs, lists, quotes, code, rules) and writes HTML.
 * List items and block quotes are parsed recursively with a nested parser.
 */
final class BlockParser {

    private static final Pattern FENCE = Pattern.compile(" {0,3}(`{3,}|~{3,})[ \\t]*([\\w#+.-]*)[^`]*");
    private static final Pattern HEADING = Pattern.compile(" {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*");
    private static final Pattern RULE = Pattern.compile(" {0,3}([-*_])(?:[ \\t]*\\1){2,}[ \\t]*");
    private static final Pattern BULLET = Pattern.compile("( {0,3})([-*+])([ \\t]+)(.*)");
    private static final Pattern ORDERED = Pattern.compile("( {0,3})(\\d{1,9})([.)])([ \\t]+)(.*)");
    private static final Pattern QUOTE = Pattern.compile(" {0,3}> ?(.*)");

    private final List<String> lines;
    private final boolean tight;
    private final InlineRenderer inline;
    private final HeadingIds ids;
    private final StringBuilder out;
    private int pos;

    BlockParser(List<String> lines, boolean tight, InlineRenderer inline, HeadingIds ids, StringBuilder out) {
        this.lines = lines;
        this.tight = tight;
        this.inline = inline;
        this.ids = ids;
        this.out = out;
    }

    void parse() {
        while (pos < lines.size()) {
            String line = lines.get(pos);
            Matcher m;
            if (line.isBlank()) {
                pos++;
            } else if ((m = FENCE.matcher(line)).matches()) {
                fencedCode(m.group(1), m.group(2));
            } else if ((m = HEADING.matcher(line)).matches()) {
                heading(m.group(1).length(), m.group(2) == null ? "" : m.group(2));
            } else if (RULE.matcher(line).matches()) {
                out.append("<hr>\n");
                pos++;
            } else if (QUOTE.matcher(line).matches()) {
                blockquote();
            } else if (BULLET.matcher(line).matches()) {
                list(false);
            } else if (ORDERED.matcher(line).matches()) {
                list(true);
            } else {
                paragraph();
            }
        }
    }

    private void fencedCode(String fence, String language) {
        int indent = indentOf(lines.get(pos));
        StringBuilder code = new StringBuilder();
        pos++;
        while (pos < lines.size()) {
            String line = lines.get(pos++);
            String stripped = line.strip();
            if (stripped.length() >= fence.length() && stripped.chars().allMatch(ch -> ch == fence.charAt(0))) {
                break;
            }
            code.append(line.substring(Math.min(indent, indentOf(line)))).append('\n');
        }
        out.append("<pre><code");
        if (!language.isEmpty()) {
            out.append(" class=\"language-").append(Html.escape(language)).append('"');
        }
        out.append('>').append(Html.escape(code.toString())).append("</code></pre>\n");
    }

    private void heading(int level, String text) {
        String html = inline.render(text.strip());
        String id = ids.register(level, Html.toPlainText(html));
        out.append("<h").append(level).append(" id=\"").append(id).append("\">")
                .append(html).append("</h").append(level).append(">\n");
        pos++;
    }

    private void blockquote() {
        List<String> inner = new ArrayList<>();
        while (pos < lines.size()) {
            String line = lines.get(pos);
            Matcher m = QUOTE.matcher(line);
            if (m.matches()) {
                inner.add(m.group(1));
            } else if (!line.isBlank() && !inner.isEmpty() && !inner.get(inner.size() - 1).isBlank()
                    && !startsBlock(line)) {
                inner.add(line); // lazy continuation of a quoted paragraph
            } else {
                break;
            }
            pos++;
        }
        out.append("<blockquote>\n");
        new BlockParser(inner, false, inline, ids, out).parse();
        out.append("</blockquote>\n");
    }

    private void list(boolean ordered) {
        Matcher first = (ordered ? ORDERED : BULLET).matcher(lines.get(pos));
        first.matches();
        String marker = ordered ? first.group(3) : first.group(2);
        List<List<String>> items = new ArrayList<>();
        boolean loose = false;
        while (pos < lines.size()) {
            Matcher m = (ordered ? ORDERED : BULLET).matcher(lines.get(pos));
            if (!m.matches() || !marker.equals(ordered ? m.group(3) : m.group(2))) {
                break;
            }
            int contentIndent = ordered
                    ? m.group(1).length() + m.group(2).length() + 1 + m.group(4).length()
                    : m.group(1).length() + 1 + m.group(3).length();
            List<String> body = new ArrayList<>();
            body.add(ordered ? m.group(5) : m.group(4));
            pos++;
            loose |= collectItem(body, contentIndent);
            items.add(body);
            int next = nextNonBlank(pos);
            if (next > pos && next < lines.size() && isItemOf(lines.get(next), ordered, marker)) {
                loose = true;
                pos = next;
            }
        }
        String tag = ordered ? "ol" : "ul";
        out.append('<').append(tag);
        if (ordered) {
            int start = Integer.parseInt(first.group(2));
            if (start != 1) {
                out.append(" start=\"").append(start).append('"');
            }
        }
        out.append(">\n");
        for (List<String> body : items) {
            out.append("<li>");
            StringBuilder item = new StringBuilder();
            new BlockParser(body, !loose, inline, ids, item).parse();
            out.append(tightTrim(item, loose)).append("</li>\n");
        }
        out.append("</").append(tag).append(">\n");
    }

    /** Gathers continuation lines of one list item; returns true if it contains blank lines. */
    private boolean collectItem(List<String> body, int contentIndent) {
        boolean loose = false;
        while (pos < lines.size()) {
            String line = lines.get(pos);
            if (line.isBlank()) {
                int next = nextNonBlank(pos);
                if (next < lines.size() && indentOf(lines.get(next)) >= contentIndent) {
                    body.add("");
                    loose = true;
                    pos++;
                    continue;
                }
                break;
            }
            if (indentOf(line) >= contentIndent) {
                body.add(line.substring(contentIndent));
            } else if (startsBlock(line) || body.get(body.size() - 1).isBlank()) {
                break;
            } else {
                body.add(line.strip()); // lazy continuation
            }
            pos++;
        }
        return loose;
    }

    private void paragraph() {
        StringBuilder text = new StringBuilder();
        while (pos < lines.size()) {
            String line = lines.get(pos);
            if (line.isBlank() || (text.length() > 0 && startsBlock(line))) {
                break;
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(text.length() == 0 ? line.stripLeading() : line);
            pos++;
        }
        String html = inline.render(text.toString().stripTrailing());
        if (tight) {
            out.append(html).append('\n');
        } else {
            out.append("<p>").append(html).append("</p>\n");
        }
    }

    private static String tightTrim(StringBuilder item, boolean loose) {
        String html = item.toString();
        return loose ? "\n" + html : html.stripTrailing();
    }

    private static boolean startsBlock(String line) {
        return FENCE.matcher(line).matches() || HEADING.matcher(line).matches() || RULE.matcher(line).matches()
                || QUOTE.matcher(line).matches() || BULLET.matcher(line).matches()
                || ORDERED.matcher(line).matches();
    }

    private static boolean isItemOf(String line, boolean ordered, String marker) {
        Matcher m = (ordered ? ORDERED : BULLET).matcher(line);
        return m.matches() && marker.equals(ordered ? m.group(3) : m.group(2));
    }

    private int nextNonBlank(int from) {
        int i = from;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        return i;
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
