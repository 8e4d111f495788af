package org.example.sitegen.markdown;

import java.time.LocalDate;
import java.util.List;

/** A page after front matter parsing and Markdown conversion, ready for templating. */
public record Page(
        String origin,
        String slug,
        String title,
        LocalDate date,
        List<String> tags,
        boolean draft,
        String html,
        List<Heading> headings,
        String summary,
        int wordCount) {

    /** Estimated reading time in minutes at 200 words per minute. */
    public int readingMinutes() {
        return Math.max(1, (wordCount + 199) / 200);
    }
}
