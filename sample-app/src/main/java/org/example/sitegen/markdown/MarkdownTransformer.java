package org.example.sitegen.markdown;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

import org.example.sitegen.content.SourceFile;

/** Turns one source file (front matter + Markdown) into a {@link Page}. */
public class MarkdownTransformer {

    private static final int SUMMARY_LENGTH = 160;

    private final FrontMatterParser frontMatterParser = new FrontMatterParser();
    private final MarkdownRenderer markdown = new MarkdownRenderer();

    public Page transform(SourceFile source) {
        FrontMatter fm = frontMatterParser.parse(source.origin(), source.text());
        MarkdownRenderer.Result result = markdown.render(fm.body());

        String title = fm.get("title");
        if (title == null || title.isBlank()) {
            title = result.headings().stream().filter(h -> h.level() == 1).map(Heading::text)
                    .findFirst().orElse(titleFromSlug(source.slug()));
        }
        String slug = fm.get("slug") != null ? Slugs.slugify(fm.get("slug")) : source.slug();
        String plain = Html.toPlainText(result.html());
        return new Page(source.origin(), slug, title, date(source, fm), tags(fm.get("tags")),
                Boolean.parseBoolean(fm.get("draft")), result.html(), result.headings(),
                summary(fm.get("description"), firstParagraph(result.html())), countWords(plain));
    }

    private static LocalDate date(SourceFile source, FrontMatter fm) {
        String value = fm.get("date");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
        } catch (DateTimeParseException e) {
            throw new FrontMatterException(source.origin(), fm.lineOf("date"),
                    "invalid date '" + value + "', expected YYYY-MM-DD");
        }
    }

    /** Accepts both {@code tags: a, b} and {@code tags: [a, b]}. */
    private static List<String> tags(String value) {
        if (value == null) {
            return List.of();
        }
        String list = value.strip();
        if (list.startsWith("[") && list.endsWith("]")) {
            list = list.substring(1, list.length() - 1);
        }
        return Arrays.stream(list.split(","))
                .map(String::strip)
                .map(t -> t.replaceAll("^[\"']|[\"']$", ""))
                .filter(t -> !t.isEmpty())
                .distinct()
                .toList();
    }

    private static String summary(String description, String plain) {
        if (description != null && !description.isBlank()) {
            return description.strip();
        }
        if (plain.length() <= SUMMARY_LENGTH) {
            return plain;
        }
        int cut = plain.lastIndexOf(' ', SUMMARY_LENGTH);
        return plain.substring(0, cut > 0 ? cut : SUMMARY_LENGTH) + "…";
    }

    private static String firstParagraph(String html) {
        int start = html.indexOf("<p>");
        int end = html.indexOf("</p>", start);
        return start < 0 || end < 0 ? "" : Html.toPlainText(html.substring(start, end));
    }

    private static int countWords(String plain) {
        return plain.isEmpty() ? 0 : plain.split(" ").length;
    }

    private static String titleFromSlug(String slug) {
        String words = slug.replaceAll("^\\d{4}-\\d{2}-\\d{2}-", "").replace('-', ' ').strip();
        return words.isEmpty() ? slug : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
