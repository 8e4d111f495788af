package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.EventAssertions.assertCommonFields;
import static dev.gatsbytelemetry.it.EventAssertions.assertStage;
import static dev.gatsbytelemetry.it.SampleSite.ALL_STAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How stage patterns, agent arguments and the off switch reach a real JVM. */
class ConfigurationIT {

    private static final int PAGES = 4;

    @TempDir
    Path sandbox;

    @BeforeEach
    void scaffold() {
        SampleSite.scaffold(sandbox, "site", PAGES);
    }

    private JvmRun build() {
        return JvmRun.sampleApp(sandbox, "build", "--dir", "site");
    }

    @Test
    void customStageNamesAndWildcardPatterns() {
        RunResult run = build().withAgent().debug().stages(
                "org.example.sitegen.config.ConfigLoader#loadConfig=read config",
                "org.example.sitegen.*.*#transform",
                "org.example.sitegen.render.PageRenderer#render=render pages",
                "org.example.sitegen.output.OutputWriter#wri*").run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertCommonFields(run, "build");
        JsonNode end = run.event("CLI_COMMAND_BUILD_END");
        // "OutputWriter#wri*" matches write and the sample's private writeFile (one call per output file)
        assertThat(end.path("stages").size()).as("stages in %s", end).isEqualTo(5);
        assertStage(end, "read config", 1, 0);
        assertStage(end, SampleSite.TRANSFORM_NAME, PAGES, 0);
        assertStage(end, "render pages", PAGES, 0);
        assertStage(end, SampleSite.WRITE_NAME, 1, 0);
        assertThat(EventAssertions.stage(end, "OutputWriter#writeFile").path("count").asInt())
                .as("a file per page plus index and sitemap").isGreaterThanOrEqualTo(PAGES);
        assertThat(end.path("stages").has(SampleSite.LOAD_CONFIG_NAME)).as("renamed stage keeps no default name").isFalse();
        assertThat(end.path("stages").has(SampleSite.RENDER_NAME)).as("renamed stage keeps no default name").isFalse();
    }

    @Test
    void agentArgumentsWorkWithoutAnyEnvironmentVariable() {
        // a name given with '=' inside the value of the 'stages' argument
        String stages = String.join(",", SampleSite.LOAD_CONFIG, SampleSite.SOURCE_CONTENT, SampleSite.TRANSFORM,
                SampleSite.RENDER + "=rendering", SampleSite.WRITE);
        JvmRun jvm = build().withAgent("debug=true;stages=" + stages);
        assertThat(jvm.environment()).as("no telemetry variable set").noneSatisfy((name, value) ->
                assertThat(name).startsWith("GATSBY_TELEMETRY"));

        RunResult run = jvm.run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        EventAssertions.assertStartAndEnd(run, "BUILD");
        EventAssertions.assertNoErrorEvents(run);
        assertCommonFields(run, "build");
        JsonNode end = run.event("CLI_COMMAND_BUILD_END");
        assertThat(end.path("stages").size()).as("stages in %s", end).isEqualTo(5);
        assertStage(end, SampleSite.LOAD_CONFIG_NAME, 1, 0);
        assertStage(end, SampleSite.SOURCE_CONTENT_NAME, 1, 0);
        assertStage(end, SampleSite.TRANSFORM_NAME, PAGES, 0);
        assertStage(end, "rendering", PAGES, 0);
        assertStage(end, SampleSite.WRITE_NAME, 1, 0);
    }

    @Test
    void environmentWinsOverAgentArguments() {
        RunResult run = build()
                .withAgent("debug=true;stages=" + SampleSite.LOAD_CONFIG + "=from args," + SampleSite.WRITE)
                .stages(SampleSite.LOAD_CONFIG + "=from env")
                .run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        JsonNode end = run.event("CLI_COMMAND_BUILD_END");
        assertStage(end, "from env", 1, 0);
        assertThat(end.path("stages").size()).as("only the variable's patterns apply: %s", end).isEqualTo(1);
    }

    @Test
    void unparseablePatternIsReportedOnceAndTheRestStillApply() {
        String bad = "org.example.sitegen.NoMethodHere";
        String[] patterns = Stream.concat(Stream.of(ALL_STAGES), Stream.of(bad)).toArray(String[]::new);

        RunResult debug = build().withAgent().debug().stages(patterns).run();
        RunResult quiet = build().withAgent().stages(patterns).run();

        String warning = "gatsby-telemetry: ignoring GATSBY_TELEMETRY_STAGES pattern '" + bad + "'";
        assertThat(debug.exitCode()).as(debug.describe()).isZero();
        assertThat(debug.stdout()).isEqualTo("Built " + PAGES + " pages in public/\n");
        assertThat(debug.stderrLines()).as(debug.describe()).filteredOn(line -> line.startsWith(warning)).hasSize(1);
        assertThat(debug.stderrLines()).filteredOn(line -> line.startsWith("gatsby-telemetry: ignoring")).hasSize(1);
        JsonNode end = debug.event("CLI_COMMAND_BUILD_END");
        assertThat(end.path("stages").size()).as("the five good patterns still apply: %s", end).isEqualTo(5);

        // without debug mode the warning is the only thing the agent prints
        assertThat(quiet.exitCode()).as(quiet.describe()).isZero();
        assertThat(quiet.stdout()).isEqualTo(debug.stdout());
        assertThat(quiet.stderrLines()).as(quiet.describe()).hasSize(1);
        assertThat(quiet.stderrLines().get(0)).startsWith(warning);
    }

    @ParameterizedTest(name = "GATSBY_TELEMETRY_DISABLED={0}")
    @ValueSource(strings = {"1", "true", "TRUE", "2"})
    void disabledMeansNoEventsAndNoFiles(String value) throws IOException {
        RunResult run = build().withAgent().debug().stages(ALL_STAGES)
                .env("GATSBY_TELEMETRY_DISABLED", value)
                .run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).isEqualTo("Built " + PAGES + " pages in public/\n");
        assertThat(run.stderr()).as(run.describe()).doesNotContain(RunResult.EVENT_PREFIX);
        try (Stream<Path> files = Files.list(build().home())) {
            assertThat(files).as("nothing written under HOME (%s)", build().home()).isEmpty();
        }
    }
}
