package org.example.sitegen.markdown;

import java.util.Map;
import java.util.regex.Pattern;

/** HTML escaping helpers shared by the Markdown and template code. */
public final class Html {

    private static final Pattern BLOCK_TAG =
            Pattern.compile("</?(?:p|h[1-6]|li|ul|ol|pre|blockquote|br|hr)\\b[^>]*>");

    private static final Map<String, String> ENTITIES = Map.of(
            "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", "\"", "&#39;", "'");

    private Html() {
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            escape(text.charAt(i), out);
        }
        return out.toString();
    }

    public static void escape(char c, StringBuilder out) {
        switch (c) {
            case '&' -> out.append("&amp;");
            case '<' -> out.append("&lt;");
            case '>' -> out.append("&gt;");
            case '"' -> out.append("&quot;");
            case '\'' -> out.append("&#39;");
            default -> out.append(c);
        }
    }

    /** Strips tags, decodes the entities {@link #escape} produces and collapses whitespace, in one pass. */
    public static String toPlainText(String html) {
        StringBuilder out = new StringBuilder(html.length() / 2);
        boolean pendingSpace = false;
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = html.indexOf('>', i);
                if (end < 0) {
                    break;
                }
                pendingSpace |= BLOCK_TAG.matcher(html).region(i, end + 1).matches();
                i = end + 1;
                continue;
            }
            if (Character.isWhitespace(c)) {
                pendingSpace = true;
                i++;
                continue;
            }
            if (pendingSpace && out.length() > 0) {
                out.append(' ');
            }
            pendingSpace = false;
            if (c == '&') {
                int semi = html.indexOf(';', i);
                String entity = semi < 0 ? null : ENTITIES.get(html.substring(i, semi + 1));
                if (entity != null) {
                    out.append(entity);
                    i = semi + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
