package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.EventAssertions.assertStage;
import static dev.gatsbytelemetry.it.SampleSite.ALL_STAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hooked-class cache in real JVMs: a later run of the same tool takes its hooked classes (the
 * JDK hooks, the main class, the stage classes) from the cache and never loads ASM, with the same
 * events; a damaged cache is rewritten, not trusted; the cache can be turned off, and
 * {@code telemetry --disable} deletes it.
 */
class HookedClassCacheIT {

    private static final int PAGES = 6;
    private static final String ASM = "dev.gatsbytelemetry.agent.shaded.bytebuddy.jar.asm.";
    private static final String WARM_UP = "dev.gatsbytelemetry.agent.instrumentation.RewriterWarmUp ";
    private static final String WRITER = "dev.gatsbytelemetry.agent.instrumentation.AsmHookWriter ";

    @TempDir
    Path sandbox;

    @Test
    void aLaterRunTakesEveryHookedClassFromTheCacheAndLoadsNoAsm() throws IOException {
        SampleSite.scaffold(sandbox, "site", PAGES);
        RunResult first = build("first");
        RunResult second = build("second");

        assertBuildEvents(first);
        assertBuildEvents(second);
        assertRewritesWithAsm(loaded("first"));
        if (javaFeatureVersion() >= 24) {
            assertThat(loaded("first")).as("a first run warms the bundled ASM up beside premain")
                    .anyMatch(line -> line.contains(WARM_UP));
        } else {
            assertThat(loaded("first")).as("the JDK's ASM needs no warm-up").noneMatch(line -> line.contains(WARM_UP));
        }
        assertThat(loaded("second")).as("a later run")
                .anyMatch(line -> line.contains("dev.gatsbytelemetry.agent.instrumentation.HookedClassCache "))
                .noneMatch(line -> line.contains(ASM))
                .noneMatch(line -> line.contains(WRITER))
                .noneMatch(line -> line.contains(WARM_UP));
        // Thread, Shutdown, ProcessBuilder, Throwable (printStackTrace), java.util.logging.Logger (loaded
        // and hooked in premain, since the transformer goes away once the exact classes have loaded),
        // the main class and the five stage classes
        assertThat(entries()).hasSize(11);
        assertThat(first.stderr()).doesNotContain("could not instrument", "hooked-class cache", "not warmed up");
    }

    @Test
    void aDamagedEntryIsRewrittenNotUsed() throws IOException {
        SampleSite.scaffold(sandbox, "site", PAGES);
        assertBuildEvents(build("first"));
        for (Path entry : entries()) {
            byte[] bytes = Files.readAllBytes(entry);
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(entry, bytes);
        }

        RunResult damaged = build("damaged");
        RunResult repaired = build("repaired");

        assertBuildEvents(damaged);
        assertBuildEvents(repaired);
        assertThat(loaded("damaged")).as("a run finding damaged entries rewrites").anyMatch(line -> line.contains(WRITER));
        // RenderPool is hooked after the run's last event: its entry is written at exit, possibly by the
        // recorder's thread, which the exit must wait for (it once returned early and the entry was lost)
        assertThat(loaded("repaired")).as("and replaces them").noneMatch(line -> line.contains(WRITER));
    }

    @Test
    void theCacheCanBeTurnedOffAndTelemetryDisableDeletesIt() throws IOException {
        SampleSite.scaffold(sandbox, "site", PAGES);
        RunResult off = JvmRun.sampleApp(sandbox, "build", "--dir", "site").withAgent().debug().stages(ALL_STAGES)
                .env("GATSBY_TELEMETRY_CLASS_CACHE", "false").run();
        assertBuildEvents(off);
        assertThat(cacheDirectory()).doesNotExist();

        assertBuildEvents(build("first"));
        assertThat(entries()).isNotEmpty();
        RunResult disable = ConsentRuns.cli(sandbox, Map.of(), "telemetry", "--disable");
        assertThat(disable.exitCode()).as(disable.describe()).isZero();
        assertThat(cacheDirectory()).doesNotExist();
    }

    private RunResult build(String name) {
        // a generous exit budget: the entries a run writes at exit are what the next run is checked on
        return JvmRun.sampleApp(sandbox, "build", "--dir", "site").withAgent().debug().stages(ALL_STAGES)
                .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "5000")
                .jvmOption("-Xlog:class+load:file=" + sandbox.resolve("classes-" + name + ".txt")).run();
    }

    /**
     * A rewriting run: on JDK 17 to 23 with the JDK's own ASM (the agent's writer defined from
     * relocated bytes, none of the bundled ASM's classes loaded), on JDK 24 and later, which have
     * no copy, with the bundled one.
     */
    private static void assertRewritesWithAsm(List<String> loaded) throws IOException {
        if (javaFeatureVersion() <= 23) {
            assertThat(loaded).as("the first run rewrites with the JDK's own ASM")
                    .anyMatch(line -> line.contains(WRITER + "source: __JVM_DefineClass__"))
                    .noneMatch(line -> line.contains(ASM));
        } else {
            assertThat(loaded).as("the first run rewrites with the bundled ASM").anyMatch(line -> line.contains(ASM));
        }
    }

    private static int javaFeatureVersion() throws IOException {
        Path release = Path.of(JvmRun.javaExecutable()).getParent().getParent().resolve("release");
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                return Integer.parseInt(version.split("[.+-]")[0]);
            }
        }
        throw new IllegalStateException("no JAVA_VERSION in " + release);
    }

    private List<String> loaded(String name) {
        return ConsentRuns.lines(sandbox.resolve("classes-" + name + ".txt"));
    }

    private static void assertBuildEvents(RunResult run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).isEqualTo("Built " + PAGES + " pages in public/\n");
        EventAssertions.assertStartAndEnd(run, "BUILD");
        EventAssertions.assertNoErrorEvents(run);
        JsonNode end = run.event("CLI_COMMAND_BUILD_END");
        assertThat(end.path("exitCode").asInt(-1)).isZero();
        assertThat(end.path("stages").size()).as("stages in %s", end).isEqualTo(5);
        assertStage(end, SampleSite.TRANSFORM_NAME, PAGES, 0);
        assertStage(end, SampleSite.RENDER_NAME, PAGES, 0);
        assertStage(end, SampleSite.WRITE_NAME, 1, 0);
    }

    private Path cacheDirectory() {
        return JvmRun.sampleApp(sandbox).home().resolve(".config/gatsby-telemetry-agent/hooked-classes");
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(cacheDirectory())) {
            return files.filter(p -> p.toString().endsWith(".hooked")).collect(Collectors.toList());
        }
    }
}
