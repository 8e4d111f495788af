package org.example.sitegen.markdown;

import java.util.Arrays;
import java.util.List;

/** Converts a Markdown document to an HTML fragment. */
public final class MarkdownRenderer {

    private final InlineRenderer inline = new InlineRenderer();

    public Result render(String markdown) {
        List<String> lines = Arrays.asList(markdown.replace("\t", "    ").split("\\R", -1));
        HeadingIds ids = new HeadingIds();
        StringBuilder html = new StringBuilder(markdown.length() + markdown.length() / 3);
        new BlockParser(lines, false, inline, ids, html).parse();
        return new Result(html.toString(), ids.headings());
    }

    /** The rendered HTML and the headings it contains, in document order. */
    public record Result(String html, List<Heading> headings) {
    }
}
