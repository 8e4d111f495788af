package org.example.sitegen.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

    private final MarkdownRenderer renderer = new MarkdownRenderer();

    private String html(String markdown) {
        return renderer.render(markdown).html();
    }

    @Test
    void headingsGetUniqueIds() {
        MarkdownRenderer.Result result = renderer.render("# Hello *World*\n\n## Setup ##\n\n## Setup\n");
        assertThat(result.html()).isEqualTo("""
                <h1 id="hello-world">Hello <em>World</em></h1>
                <h2 id="setup">Setup</h2>
                <h2 id="setup-1">Setup</h2>
                """);
        assertThat(result.headings()).extracting(Heading::id).containsExactly("hello-world", "setup", "setup-1");
    }

    @Test
    void paragraphsAndInlineMarkup() {
        assertThat(html("Some *em*, **strong**, ***both*** and `a < b`.\nSecond line."))
                .isEqualTo("<p>Some <em>em</em>, <strong>strong</strong>, <strong><em>both</em></strong>"
                        + " and <code>a &lt; b</code>.\nSecond line.</p>\n");
    }

    @Test
    void nestedEmphasisAndUnderscores() {
        assertThat(html("*a **b** c* and __d__ but snake_case_name stays"))
                .isEqualTo("<p><em>a <strong>b</strong> c</em> and <strong>d</strong> but snake_case_name stays</p>\n");
    }

    @Test
    void unmatchedDelimitersAreLiteral() {
        assertThat(html("2 * 3 = 6 and *open")).isEqualTo("<p>2 * 3 = 6 and *open</p>\n");
    }

    @Test
    void linksImagesAndAutolinks() {
        assertThat(html("See [the *docs*](https://example.com/docs?a=1&b=2 \"Docs\"), "
                + "![logo](/img/logo.png) and <https://example.org>."))
                .isEqualTo("<p>See <a href=\"https://example.com/docs?a=1&amp;b=2\" title=\"Docs\">the <em>docs</em></a>, "
                        + "<img src=\"/img/logo.png\" alt=\"logo\"> and "
                        + "<a href=\"https://example.org\">https://example.org</a>.</p>\n");
    }

    @Test
    void javascriptLinksAreNeutralised() {
        assertThat(html("[x](javascript:alert(1))")).isEqualTo("<p><a href=\"#\">x</a></p>\n");
    }

    @Test
    void htmlIsEscaped() {
        assertThat(html("<script>alert('x')</script> & \\*not em\\*"))
                .isEqualTo("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; *not em*</p>\n");
    }

    @Test
    void fencedCodeBlocksAreEscapedVerbatim() {
        assertThat(html("```java\nList<String> xs = List.of(\"*a*\");\n\nif (a && b) {}\n```\nafter"))
                .isEqualTo("<pre><code class=\"language-java\">List&lt;String&gt; xs = List.of(&quot;*a*&quot;);\n"
                        + "\nif (a &amp;&amp; b) {}\n</code></pre>\n<p>after</p>\n");
    }

    @Test
    void unclosedFenceRunsToEndOfDocument() {
        assertThat(html("~~~\ncode")).isEqualTo("<pre><code>code\n</code></pre>\n");
    }

    @Test
    void tightUnorderedList() {
        assertThat(html("- one\n- **two**\n- three\n  continued"))
                .isEqualTo("<ul>\n<li>one</li>\n<li><strong>two</strong></li>\n<li>three\ncontinued</li>\n</ul>\n");
    }

    @Test
    void orderedListWithStartAndNestedList() {
        assertThat(html("3. first\n4. second\n   - nested a\n   - nested b\n"))
                .isEqualTo("<ol start=\"3\">\n<li>first</li>\n<li>second\n<ul>\n<li>nested a</li>\n"
                        + "<li>nested b</li>\n</ul></li>\n</ol>\n");
    }

    @Test
    void looseListWrapsParagraphs() {
        assertThat(html("* a\n\n* b\n"))
                .isEqualTo("<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n");
    }

    @Test
    void blockquoteAndRule() {
        assertThat(html("> quoted *text*\nlazy line\n\n---\n"))
                .isEqualTo("<blockquote>\n<p>quoted <em>text</em>\nlazy line</p>\n</blockquote>\n<hr>\n");
    }

    @Test
    void hardLineBreak() {
        assertThat(html("line one  \nline two")).isEqualTo("<p>line one<br>\nline two</p>\n");
    }
}
