package org.example.sitegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.example.sitegen.markdown.FrontMatterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the CLI in-process: scaffold, build, clean and the failure exits. */
class SiteGenTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int sitegen(String... args) throws IOException {
        out.reset();
        err.reset();
        return new SiteGen(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path newSite(int pages) throws IOException {
        Path site = tmp.resolve("site");
        assertThat(sitegen("new", site.toString(), "--pages", Integer.toString(pages))).isZero();
        return site;
    }

    @Test
    void scaffoldThenBuildRoundTrip() throws IOException {
        Path site = tmp.resolve("blog");
        assertThat(sitegen("--pages", "5", "new", site.toString(), "--title", "Field Notes")).isZero();
        assertThat(stdout()).isEqualTo("Created site 'Field Notes' with 5 pages in " + site + "\n");
        assertThat(site.resolve("site.properties")).content().contains("title=Field Notes");
        assertThat(site.resolve("templates/page.html")).content().contains("{{title}}", "{{content}}",
                "{{site.title}}", "{{> header}}");
        try (Stream<Path> pages = Files.list(site.resolve("content"))) {
            assertThat(pages).hasSize(5).allSatisfy(p -> assertThat(p).content().startsWith("---\ntitle: "));
        }

        assertThat(sitegen("build", "--dir", site.toString())).isZero();
        assertThat(stdout()).isEqualTo("Built 5 pages in public/\n");
        assertThat(stderr()).isEmpty();
        Path publicDir = site.resolve("public");
        try (Stream<Path> files = Files.list(publicDir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".html"))).hasSize(6);
        }
        String index = Files.readString(publicDir.resolve("index.html"));
        assertThat(index).contains("<h1>Field Notes</h1>", "2023-01-09-a-practical-guide-to-incremental-builds.html");
        String page = Files.readString(publicDir.resolve("2023-01-09-a-practical-guide-to-incremental-builds.html"));
        assertThat(page).contains("<title>A Practical Guide to Incremental Builds · Field Notes</title>",
                "<header class=\"site-header\">", "<footer class=\"site-footer\">", "<h2 id=").doesNotContain("{{");

        assertThat(sitegen("clean", "--dir", site.toString())).isZero();
        assertThat(stdout()).isEqualTo("Removed public/\n");
        assertThat(publicDir).doesNotExist();
    }

    @Test
    void buildsAreDeterministic() throws IOException {
        Path site = newSite(20);
        assertThat(sitegen("build", "--dir", site.toString())).isZero();
        String firstStdout = stdout();
        Map<String, String> first = snapshot(site.resolve("public"));
        assertThat(sitegen("build", "--dir", site.toString())).isZero();
        assertThat(stdout()).isEqualTo(firstStdout);
        assertThat(snapshot(site.resolve("public"))).isEqualTo(first);
    }

    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path p : paths.toList()) {
                files.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return files;
    }

    @Test
    void draftsAreNotPublished() throws IOException {
        Path site = newSite(2);
        Files.writeString(site.resolve("content/wip.md"), "---\ntitle: WIP\ndraft: true\n---\nSoon.\n");
        assertThat(sitegen("build", "--dir", site.toString())).isZero();
        assertThat(stdout()).isEqualTo("Built 2 pages in public/\n");
        assertThat(site.resolve("public/wip.html")).doesNotExist();
    }

    @Test
    void missingSitePropertiesExitsWith2() throws IOException {
        assertThat(sitegen("build", "--dir", tmp.toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("error: no site.properties in " + tmp.toAbsolutePath() + "\n");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void malformedFrontMatterEscapesWithAbsolutePathAndLine() throws IOException {
        Path site = newSite(1);
        Path broken = site.resolve("content/broken.md");
        Files.writeString(broken, "---\ntitle: Broken\nno colon here\n---\n");
        assertThatThrownBy(() -> sitegen("build", "--dir", site.toString()))
                .isInstanceOf(FrontMatterException.class)
                .hasMessageStartingWith(broken.toAbsolutePath() + ":3: ");
    }

    @Test
    void contentThatIsNotADirectoryEscapesAsIOException() throws IOException {
        Path site = newSite(1);
        Path content = site.resolve("content");
        try (Stream<Path> files = Files.list(content)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(content);
        Files.writeString(content, "oops");
        assertThatThrownBy(() -> sitegen("build", "--dir", site.toString()))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot read content directory " + content.toAbsolutePath() + ": not a directory");
    }

    @Test
    void missingPartialFailsRenderingWithExit3() throws IOException {
        Path site = newSite(3);
        Files.delete(site.resolve("templates/partials/footer.html"));
        assertThat(sitegen("build", "--dir", site.toString())).isEqualTo(3);
        assertThat(stderr()).isEqualTo("error: 3 page(s) failed to render\n");
        assertThat(stdout()).isEmpty();
        assertThat(site.resolve("public")).doesNotExist();
    }

    @Test
    void remoteSourceFailureNamesTheUrl() throws IOException {
        Path site = newSite(1);
        Files.writeString(site.resolve("site.properties"),
                "remote.url=http://editor:pw@127.0.0.1:9/api/pages?token=pw\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> sitegen("build", "--dir", site.toString()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot fetch remote content from http://editor:pw@127.0.0.1:9/api/pages?token=pw: ");
    }

    @Test
    void usageAndVersion() throws IOException {
        assertThat(sitegen()).isZero();
        assertThat(stdout()).startsWith("Usage: sitegen <command> [options]");
        assertThat(sitegen("build", "--help")).isZero();
        assertThat(stdout()).startsWith("Usage: ");
        assertThat(sitegen("--version")).isZero();
        assertThat(stdout()).startsWith("sitegen ");
        assertThat(sitegen("publish")).isEqualTo(64);
        assertThat(stderr()).isEqualTo("error: unknown command 'publish'\nRun 'sitegen --help' for usage.\n");
        assertThat(List.of(stdout())).containsExactly("");
    }

    @Test
    void newRefusesNonEmptyDirectories() throws IOException {
        Path site = newSite(1);
        assertThat(sitegen("new", site.toString())).isEqualTo(1);
        assertThat(stderr()).isEqualTo("error: " + site + " already exists and is not an empty directory\n");
    }
}
