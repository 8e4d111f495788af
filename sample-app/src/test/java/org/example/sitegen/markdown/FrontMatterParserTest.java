package org.example.sitegen.markdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrontMatterParserTest {

    private static final String FILE = "/site/content/post.md";
    private final FrontMatterParser parser = new FrontMatterParser();

    @Test
    void parsesFieldsAndBody() {
        FrontMatter fm = parser.parse(FILE, "---\ntitle: \"Hello: World\"\n# comment\n\ndate: 2024-02-03\n---\n# Body\n");
        assertThat(fm.fields()).containsEntry("title", "Hello: World").containsEntry("date", "2024-02-03");
        assertThat(fm.lineOf("date")).isEqualTo(5);
        assertThat(fm.body()).isEqualTo("# Body\n");
    }

    @Test
    void documentsWithoutFrontMatterAreAllBody() {
        FrontMatter fm = parser.parse(FILE, "# Just markdown\n");
        assertThat(fm.fields()).isEmpty();
        assertThat(fm.body()).isEqualTo("# Just markdown\n");
    }

    @Test
    void unclosedBlockNamesFileAndOpeningLine() {
        assertThatThrownBy(() -> parser.parse(FILE, "---\ntitle: x\n\n# Body"))
                .isInstanceOf(FrontMatterException.class)
                .hasMessage("/site/content/post.md:1: front matter opened with '---' is never closed")
                .satisfies(e -> assertThat(((FrontMatterException) e).line()).isEqualTo(1));
    }

    @Test
    void lineWithoutKeyValueNamesItsLineNumber() {
        assertThatThrownBy(() -> parser.parse(FILE, "---\ntitle: x\nthis is not a field\n---\n"))
                .isInstanceOf(FrontMatterException.class)
                .hasMessage("/site/content/post.md:3: malformed front matter: expected 'key: value'"
                        + " but found 'this is not a field'");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThatThrownBy(() -> parser.parse(FILE, "---\ntitle: a\ntitle: b\n---\n"))
                .hasMessageStartingWith("/site/content/post.md:3: duplicate front matter key 'title'");
    }
}
