package org.example.sitegen.markdown;

import java.util.regex.Pattern;

/** HTML escaping helpers shared by the Markdown and template code. */
public final class Html {

    private static final Pattern BLOCK_TAG =
            Pattern.compile("</?(?:p|h[1-6]|li|ul|ol|pre|blockquote|br|hr)\\b[^>]*>");

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

    /** Strips tags and collapses whitespace; good enough for summaries and word counts. */
    public static String toPlainText(String html) {
        String text = BLOCK_TAG.matcher(html).replaceAll(" ").replaceAll("<[^>]*>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        return text.replaceAll("\\s+", " ").strip();
    }
}
