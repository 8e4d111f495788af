package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A small fleet of sitegen users, each a sandbox with its own home (so its own machine id), running
 * the sample app under the real agent against a collector: the data the report tests read.
 *
 * <p>Sitegen is launched with {@code -cp} so that plugin jars can sit beside it; the component name
 * is therefore given explicitly. Every run sends at once ({@code SEND_INTERVAL_MINUTES=0}), with
 * time to do so: see {@link #FLUSH_TIMEOUT_MS}.
 */
public final class SitegenFleet {

    /** The five build stages with readable names, as a maintainer would configure them. */
    public static final String STAGES = String.join(",",
            SampleSite.LOAD_CONFIG + "=load config",
            SampleSite.SOURCE_CONTENT + "=source content",
            SampleSite.TRANSFORM + "=transform markdown",
            SampleSite.RENDER + "=render pages",
            SampleSite.WRITE + "=write output");

    /**
     * The exit budget for sending. The default 250 ms is right for users, but on this shared 2-core
     * machine a first delivery to a just-started collector can take longer; the events then wait in
     * that machine's spool (and its back-off) until its next run, which a test's last run never has.
     */
    public static final String FLUSH_TIMEOUT_MS = "5000";

    public static final String READING_TIME = "sitegen-plugin-reading-time-1.0.0.jar";
    public static final String SOCIAL_CARDS = "sitegen-plugin-social-cards-0.3.1.jar";
    public static final String SEARCH_INDEX = "sitegen-plugin-search-index-2.0.1.jar";

    private final Path root;
    private final CollectorProcess collector;
    private final Path plugins;
    private int runs;

    private SitegenFleet(Path root, CollectorProcess collector, Path plugins) {
        this.root = root;
        this.collector = collector;
        this.plugins = plugins;
    }

    /** Builds the demo plugins into {@code <root>/plugins} with the project's own script. */
    public static SitegenFleet against(Path root, CollectorProcess collector) {
        Path plugins = root.resolve("plugins");
        try {
            Process build = new ProcessBuilder("bash", Jars.demoPluginsScript().toString(),
                    Jars.sampleApp().toString(), plugins.toString()).redirectErrorStream(true).start();
            String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(build.waitFor(120, TimeUnit.SECONDS)).as("building the demo plugins").isTrue();
            assertThat(build.exitValue()).as("building the demo plugins:%n%s", output).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new SitegenFleet(root, collector, plugins);
    }

    /** A machine: its sandbox (and so its home and machine id). */
    public Path machine(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code java -javaagent -cp sample-app.jar:<plugins> org.example.sitegen.SiteGen args}, sending to the collector. */
    public JvmRun sitegen(Path machine, List<String> pluginJars, String... args) {
        List<Path> classPath = new ArrayList<>();
        classPath.add(Jars.sampleApp());
        pluginJars.forEach(jar -> classPath.add(plugins.resolve(jar)));
        runs++;
        return JvmRun.mainClass(machine, classPath, "org.example.sitegen.SiteGen", args)
                .withAgent()
                .sendingEveryRunTo(collector.ingestUrl())
                .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", FLUSH_TIMEOUT_MS)
                .env("GATSBY_TELEMETRY_COMPONENT", "sitegen")
                .env("GATSBY_TELEMETRY_PLUGINS", "sitegen-plugin-*")
                .env("GATSBY_TELEMETRY_STAGES", STAGES);
    }

    /**
     * The runs the report tests expect: successful builds with plugins, a clean, a build failing
     * in a stage, one failing in a plugin (on a CI machine), one without a config, and a
     * long-running {@code develop} stopped with SIGTERM. Returns the number of runs made.
     */
    public int runTheUsualWeek() {
        Path laptop = machine("laptop");
        Path site = SampleSite.scaffold(laptop, "blog", 12);
        List<String> quiet = List.of(READING_TIME, SEARCH_INDEX);
        expectExit(sitegen(laptop, quiet, "build", "--dir", "blog").run(), 0);
        expectExit(sitegen(laptop, quiet, "build", "--dir", "blog").run(), 0);
        expectExit(sitegen(laptop, quiet, "clean", "--dir", "blog").run(), 0);

        Path ci = machine("ci-runner");
        SampleSite.scaffold(ci, "docs", 8);
        List<String> cards = List.of(READING_TIME, SOCIAL_CARDS);
        expectExit(sitegen(ci, cards, "build", "--dir", "docs").env("CI", "true").env("GITHUB_ACTIONS", "true").run(), 0);
        write(ci.resolve("docs/content/zz-long-title.md"), "---\ntitle: " + "A title far too long for any social card ".repeat(3)
                + "\ndate: 2024-02-01\n---\nBody.\n");
        expectExit(sitegen(ci, cards, "build", "--dir", "docs").env("CI", "true").env("GITHUB_ACTIONS", "true").run(), 3);

        SampleSite.addUnclosedFrontMatter(site);
        expectExit(sitegen(laptop, quiet, "build", "--dir", "blog").run(), 1);
        expectExit(sitegen(laptop, List.of(), "build", "--dir", "nowhere").run(), 2);

        Path staging = machine("staging");
        SampleSite.scaffold(staging, "shop", 4);
        JvmRun.Running develop = sitegen(staging, List.of(SEARCH_INDEX), "develop", "--dir", "shop", "--port", "0").start();
        develop.awaitStdout("Serving").terminate().awaitExit();
        return runs;
    }

    /** Waits until the collector counts {@code expected} runs (end events), for at most 30 s. */
    public void awaitStored(int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int stored = 0;
        while (System.nanoTime() < deadline) {
            stored = 0;
            for (JsonNode row : collector.getJson("api/v1/commands")) {
                stored += row.path("runs").asInt();
            }
            if (stored >= expected) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the collector stored " + stored + " of " + expected + " runs\n" + collector.output());
    }

    private static void expectExit(RunResult run, int code) {
        assertThat(run.exitCode()).as("%s", run.describe()).isEqualTo(code);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
