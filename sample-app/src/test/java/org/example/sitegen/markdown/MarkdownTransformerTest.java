package org.example.sitegen.markdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.example.sitegen.content.SourceFile;
import org.junit.jupiter.api.Test;

class MarkdownTransformerTest {

    private final MarkdownTransformer transformer = new MarkdownTransformer();

    @Test
    void buildsPageFromFrontMatterAndMarkdown() {
        Page page = transformer.transform(new SourceFile("/s/content/hello.md", "hello", """
                ---
                title: Hello World
                date: 2024-03-01
                tags: [java, web]
                ---
                ## Intro

                Welcome to **sitegen**.
                """));
        assertThat(page.title()).isEqualTo("Hello World");
        assertThat(page.slug()).isEqualTo("hello");
        assertThat(page.date()).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(page.tags()).containsExactly("java", "web");
        assertThat(page.html()).contains("<h2 id=\"intro\">Intro</h2>", "<strong>sitegen</strong>");
        assertThat(page.summary()).isEqualTo("Welcome to sitegen.");
        assertThat(page.wordCount()).isEqualTo(4);
        assertThat(page.readingMinutes()).isEqualTo(1);
    }

    @Test
    void titleFallsBackToFirstHeadingThenSlug() {
        assertThat(transformer.transform(new SourceFile("/a.md", "a", "# From Heading\n")).title())
                .isEqualTo("From Heading");
        assertThat(transformer.transform(new SourceFile("/b.md", "2024-01-01-release-notes", "text")).title())
                .isEqualTo("Release notes");
    }

    @Test
    void invalidDateIsAFrontMatterError() {
        assertThatThrownBy(() -> transformer.transform(
                new SourceFile("/s/content/x.md", "x", "---\ntitle: x\ndate: yesterday\n---\n")))
                .isInstanceOf(FrontMatterException.class)
                .hasMessage("/s/content/x.md:3: invalid date 'yesterday', expected YYYY-MM-DD");
    }
}
