package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sites for the sample app to build, scaffolded by the app itself ({@code new}, no agent) and then
 * broken in the ways its README lists as failure modes.
 */
public final class SampleSite {

    /** The five build stage methods, in pipeline order, and their default stage names. */
    public static final String LOAD_CONFIG = "org.example.sitegen.config.ConfigLoader#loadConfig";
    public static final String SOURCE_CONTENT = "org.example.sitegen.content.ContentSource#sourceContent";
    public static final String TRANSFORM = "org.example.sitegen.markdown.MarkdownTransformer#transform";
    public static final String RENDER = "org.example.sitegen.render.PageRenderer#render";
    public static final String WRITE = "org.example.sitegen.output.OutputWriter#write";
    public static final String[] ALL_STAGES = {LOAD_CONFIG, SOURCE_CONTENT, TRANSFORM, RENDER, WRITE};

    public static final String LOAD_CONFIG_NAME = "ConfigLoader#loadConfig";
    public static final String SOURCE_CONTENT_NAME = "ContentSource#sourceContent";
    public static final String TRANSFORM_NAME = "MarkdownTransformer#transform";
    public static final String RENDER_NAME = "PageRenderer#render";
    public static final String WRITE_NAME = "OutputWriter#write";

    private SampleSite() {
    }

    /** Runs {@code new <name> --pages <pages>} in {@code sandbox} without the agent; returns the site dir. */
    public static Path scaffold(Path sandbox, String name, int pages) {
        RunResult run = JvmRun.sampleApp(sandbox, "new", name, "--pages", Integer.toString(pages)).run();
        assertThat(run.exitCode()).as("scaffolding a site:%n%s", run.describe()).isZero();
        return sandbox.resolve(name);
    }

    /** Adds a page whose front matter is opened with {@code ---} and never closed. */
    public static void addUnclosedFrontMatter(Path site) {
        write(site.resolve("content/zz-unclosed.md"), "---\ntitle: Never closed\ndate: 2024-01-01\n");
    }

    /** Makes the page template include a partial that does not exist, so every render fails. */
    public static void includeMissingPartial(Path site) {
        Path template = site.resolve("templates/page.html");
        String text = read(template);
        assertThat(text).contains("{{> footer}}");
        write(template, text.replace("{{> footer}}", "{{> missing}}"));
    }

    /**
     * Points {@code remote.url} at a loopback port nothing listens on, with a credential from
     * {@code ${CMS_TOKEN}} in the user-info and the query.
     */
    public static void addUnreachableRemoteSource(Path site) {
        append(site.resolve("site.properties"),
                "\nremote.url=http://editor:${CMS_TOKEN}@127.0.0.1:" + closedPort() + "/api?token=${CMS_TOKEN}\n");
    }

    /** Removes {@code site.properties}. */
    public static void removeConfig(Path site) {
        try {
            Files.delete(site.resolve("site.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback port that was free a moment ago and has nothing listening on it now. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
