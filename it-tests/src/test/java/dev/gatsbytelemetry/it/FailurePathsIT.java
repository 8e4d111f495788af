package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.EventAssertions.assertCommonFields;
import static dev.gatsbytelemetry.it.SampleSite.ALL_STAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each failure mode of the sample app's {@code build}, and what the agent reports for it. */
class FailurePathsIT {

    private static final int PAGES = 5;
    private static final String ERROR_EVENT = "CLI_ERROR_UNCAUGHT_EXCEPTION";

    @TempDir
    Path sandbox;

    private RunResult build(JvmRun jvm) {
        return jvm.withAgent().debug().stages(ALL_STAGES).run();
    }

    @Test
    void missingConfigExitsWithTwo() {
        Path site = SampleSite.scaffold(sandbox, "site", PAGES);
        SampleSite.removeConfig(site);

        RunResult run = build(JvmRun.sampleApp(sandbox, "build", "--dir", "site"));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.stderrLines()).contains("error: no site.properties in " + site.toAbsolutePath().normalize());
        EventAssertions.assertStartAndEnd(run, "BUILD");
        assertCommonFields(run, "build");
        // the app catches the exception that escaped the stage and prints one line: reported at the failing exit
        assertThat(run.events("CLI_ERROR_CAUGHT_EXCEPTION")).as(run.describe()).hasSize(1);
        JsonNode error = run.event("CLI_ERROR_CAUGHT_EXCEPTION");
        assertThat(error.path("stage").asText()).isEqualTo(SampleSite.LOAD_CONFIG_NAME);
        assertThat(error.path("plugin").isNull()).isTrue();
        assertThat(error.path("errorV2").path("context").path("reportedBy").asText()).isEqualTo("exitCode");
        assertThat(error.path("errorV2").path("text").asText()).doesNotContain(sandbox.toString());
        JsonNode end = run.event("CLI_COMMAND_BUILD_END");
        assertThat(end.path("exitCode").asInt(-1)).isEqualTo(2);
        assertThat(end.path("exitReason").asText()).isEqualTo("exit");
    }

    @Test
    void unclosedFrontMatterEscapesMainFromTheTransformStage() {
        Path site = SampleSite.scaffold(sandbox, "site", PAGES);
        SampleSite.addUnclosedFrontMatter(site);

        RunResult run = build(JvmRun.sampleApp(sandbox, "build", "--dir", "site"));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        // (not asserting 'Exception in thread "main" ' right before it: a debug-mode event may land in between)
        assertThat(run.stderr()).contains("org.example.sitegen.markdown.FrontMatterException: ")
                .contains("front matter opened with '---' is never closed");
        EventAssertions.assertStartAndEnd(run, "BUILD");
        assertThat(run.events(ERROR_EVENT)).as(run.describe()).hasSize(1);
        assertCommonFields(run, "build");

        JsonNode error = run.event(ERROR_EVENT);
        assertThat(error.path("exceptionType").asText()).endsWith("FrontMatterException");
        assertThat(error.path("stage").asText()).isEqualTo(SampleSite.TRANSFORM_NAME);
        assertThat(error.path("mainThread").isBoolean()).as("mainThread in %s", error).isTrue();
        assertThat(error.path("mainThread").asBoolean()).isTrue();

        JsonNode end = run.event("CLI_COMMAND_BUILD_END");
        assertThat(end.path("exitCode").asInt(-1)).isEqualTo(1);
        assertThat(end.path("exitReason").asText()).isEqualTo("exception");
        JsonNode transform = EventAssertions.stage(end, SampleSite.TRANSFORM_NAME);
        assertThat(transform.path("errors").asInt()).as("errors of %s", transform).isGreaterThanOrEqualTo(1);
        assertThat(transform.path("count").asInt()).isGreaterThanOrEqualTo(transform.path("errors").asInt());
        assertThat(end.path("stages").has(SampleSite.RENDER_NAME)).as("nothing rendered: %s", end).isFalse();
    }

    @Test
    void renderFailureOnWorkerThreadsIsReportedAndExitsWithThree() {
        Path site = SampleSite.scaffold(sandbox, "site", PAGES);
        SampleSite.includeMissingPartial(site);

        RunResult run = build(JvmRun.sampleApp(sandbox, "build", "--dir", "site"));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
        assertThat(run.stderrLines()).contains("error: " + PAGES + " page(s) failed to render");
        assertCommonFields(run, "build");
        EventAssertions.assertStartAndEnd(run, "BUILD");
        List<JsonNode> errors = run.events(ERROR_EVENT);
        // one per worker thread that died (render.threads=2 in the scaffolded site)
        assertThat(errors).as(run.describe()).isNotEmpty();
        long workersThatDied = run.stderr().split("Exception in thread \"render-", -1).length - 1;
        assertThat(errors).hasSize((int) workersThatDied);
        for (JsonNode error : errors) {
            assertThat(error.path("exceptionType").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(error.path("stage").asText()).isEqualTo(SampleSite.RENDER_NAME);
            assertThat(error.path("mainThread").isBoolean()).as("mainThread in %s", error).isTrue();
            assertThat(error.path("mainThread").asBoolean()).isFalse();
        }

        JsonNode end = run.event("CLI_COMMAND_BUILD_END");
        assertThat(end.path("exitCode").asInt(-1)).isEqualTo(3);
        assertThat(end.path("exitReason").asText()).isEqualTo("exit");
        JsonNode render = EventAssertions.stage(end, SampleSite.RENDER_NAME);
        assertThat(render.path("errors").asInt()).as("errors of %s", render).isEqualTo(errors.size());
    }

    @Test
    void unreachableRemoteSourceEscapesMainFromTheContentStage() {
        Path site = SampleSite.scaffold(sandbox, "site", PAGES);
        SampleSite.addUnreachableRemoteSource(site);

        RunResult run = build(JvmRun.sampleApp(sandbox, "build", "--dir", "site").env("CMS_TOKEN", "s3cr3t-t0ken"));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.stderr()).contains("java.io.IOException: cannot fetch remote content from ");
        EventAssertions.assertStartAndEnd(run, "BUILD");
        assertThat(run.events(ERROR_EVENT)).as(run.describe()).hasSize(1);
        assertCommonFields(run, "build");

        JsonNode error = run.event(ERROR_EVENT);
        assertThat(error.path("exceptionType").asText()).isEqualTo("java.io.IOException");
        assertThat(error.path("stage").asText()).isEqualTo(SampleSite.SOURCE_CONTENT_NAME);
        assertThat(error.path("mainThread").asBoolean()).isTrue();

        JsonNode end = run.event("CLI_COMMAND_BUILD_END");
        assertThat(end.path("exitCode").asInt(-1)).isEqualTo(1);
        assertThat(end.path("exitReason").asText()).isEqualTo("exception");
        assertThat(EventAssertions.stage(end, SampleSite.SOURCE_CONTENT_NAME).path("errors").asInt()).isEqualTo(1);
    }
}
