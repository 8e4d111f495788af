package org.example.sitegen.markdown;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders span-level Markdown: code spans, emphasis, links, images, autolinks and escapes. */
final class InlineRenderer {

    private static final String ESCAPABLE = "\\`*_{}[]()#+-.!<>|~\"'";
    private static final Pattern AUTOLINK = Pattern.compile("<((?:https?|mailto):[^\\s<>]+)>");
    private static final Pattern LINK_TARGET = Pattern.compile("\\s*(\\S+?)(?:\\s+\"([^\"]*)\")?\\s*");

    String render(String text) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 4);
        renderInto(text, out);
        return out.toString();
    }

    private void renderInto(String s, StringBuilder out) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int next = switch (c) {
                case '\\' -> escapeSequence(s, i, out);
                case '`' -> codeSpan(s, i, out);
                case '!' -> i + 1 < n && s.charAt(i + 1) == '[' ? link(s, i + 1, true, out) : -1;
                case '[' -> link(s, i, false, out);
                case '*', '_' -> emphasis(s, i, out);
                case '<' -> autolink(s, i, out);
                case '\n' -> lineBreak(i, out);
                default -> -1;
            };
            if (next < 0) {
                Html.escape(c, out);
                i++;
            } else {
                i = next;
            }
        }
    }

    private int escapeSequence(String s, int i, StringBuilder out) {
        if (i + 1 < s.length() && ESCAPABLE.indexOf(s.charAt(i + 1)) >= 0) {
            Html.escape(s.charAt(i + 1), out);
            return i + 2;
        }
        return -1;
    }

    private int codeSpan(String s, int i, StringBuilder out) {
        int run = runLength(s, i, '`');
        int close = findBacktickRun(s, i + run, run);
        if (close < 0) {
            out.append("`".repeat(run));
            return i + run;
        }
        String code = s.substring(i + run, close).replace('\n', ' ');
        if (code.length() > 2 && code.startsWith(" ") && code.endsWith(" ")) {
            code = code.substring(1, code.length() - 1);
        }
        out.append("<code>").append(Html.escape(code)).append("</code>");
        return close + run;
    }

    private static int findBacktickRun(String s, int from, int run) {
        int j = from;
        while (j < s.length()) {
            if (s.charAt(j) == '`') {
                int len = runLength(s, j, '`');
                if (len == run) {
                    return j;
                }
                j += len;
            } else {
                j++;
            }
        }
        return -1;
    }

    /** Parses {@code [text](url "title")} starting at the opening bracket; returns -1 if it is not a link. */
    private int link(String s, int open, boolean image, StringBuilder out) {
        int closeBracket = matching(s, open, '[', ']');
        if (closeBracket < 0 || closeBracket + 1 >= s.length() || s.charAt(closeBracket + 1) != '(') {
            return -1;
        }
        int closeParen = matching(s, closeBracket + 1, '(', ')');
        if (closeParen < 0) {
            return -1;
        }
        Matcher target = LINK_TARGET.matcher(s.substring(closeBracket + 2, closeParen));
        if (!target.matches()) {
            return -1;
        }
        String url = safeUrl(target.group(1));
        String title = target.group(2);
        String label = s.substring(open + 1, closeBracket);
        if (image) {
            out.append("<img src=\"").append(Html.escape(url)).append("\" alt=\"")
                    .append(Html.escape(Html.toPlainText(render(label)))).append('"');
            if (title != null) {
                out.append(" title=\"").append(Html.escape(title)).append('"');
            }
            out.append('>');
        } else {
            out.append("<a href=\"").append(Html.escape(url)).append('"');
            if (title != null) {
                out.append(" title=\"").append(Html.escape(title)).append('"');
            }
            out.append('>');
            renderInto(label, out);
            out.append("</a>");
        }
        return closeParen + 1;
    }

    private static String safeUrl(String url) {
        String lower = url.strip().toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("javascript:") || lower.startsWith("vbscript:") || lower.startsWith("data:text/html")) {
            return "#";
        }
        return url.startsWith("<") && url.endsWith(">") ? url.substring(1, url.length() - 1) : url;
    }

    /** Index of the bracket closing the one at {@code open}, honouring nesting and backslash escapes. */
    private static int matching(String s, int open, char opening, char closing) {
        int depth = 0;
        for (int j = open; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return j;
            }
        }
        return -1;
    }

    /** Handles {@code *em*}, {@code **strong**} and their underscore forms. */
    private int emphasis(String s, int i, StringBuilder out) {
        char d = s.charAt(i);
        int run = runLength(s, i, d);
        boolean opens = i + run < s.length() && !Character.isWhitespace(s.charAt(i + run))
                && !(d == '_' && i > 0 && Character.isLetterOrDigit(s.charAt(i - 1)));
        if (!opens) {
            out.append(String.valueOf(d).repeat(run));
            return i + run;
        }
        int width = run >= 2 ? 2 : 1;
        int close = findCloser(s, i + width, d, width);
        if (close < 0) {
            out.append(String.valueOf(d).repeat(run));
            return i + run;
        }
        String tag = width == 2 ? "strong" : "em";
        out.append('<').append(tag).append('>');
        renderInto(s.substring(i + width, close), out);
        out.append("</").append(tag).append('>');
        return close + width;
    }

    private static int findCloser(String s, int from, char d, int width) {
        int j = from;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '`') {
                int run = runLength(s, j, '`');
                int end = findBacktickRun(s, j + run, run);
                j = end < 0 ? j + run : end + run;
                continue;
            }
            if (c != d) {
                j++;
                continue;
            }
            int run = runLength(s, j, d);
            int candidate = j + run - width;
            boolean closes = j > from && !Character.isWhitespace(s.charAt(j - 1))
                    && !(d == '_' && j + run < s.length() && Character.isLetterOrDigit(s.charAt(j + run)));
            // A single delimiter must not close on a '**' run: that run belongs to nested strong text.
            if (closes && (width == 2 ? run >= 2 : run == 1 || run == 3)) {
                return candidate;
            }
            j += run;
        }
        return -1;
    }

    private int autolink(String s, int i, StringBuilder out) {
        Matcher m = AUTOLINK.matcher(s).region(i, s.length());
        if (!m.lookingAt()) {
            return -1;
        }
        String url = Html.escape(m.group(1));
        out.append("<a href=\"").append(url).append("\">").append(url).append("</a>");
        return m.end();
    }

    /** Two or more trailing spaces before a newline make a hard line break. */
    private static int lineBreak(int i, StringBuilder out) {
        int spaces = 0;
        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
            spaces++;
        }
        out.append(spaces >= 2 ? "<br>\n" : "\n");
        return i + 1;
    }

    private static int runLength(String s, int i, char c) {
        int j = i;
        while (j < s.length() && s.charAt(j) == c) {
            j++;
        }
        return j - i;
    }
}
