package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.EventAssertions.assertCommonFields;
import static dev.gatsbytelemetry.it.EventAssertions.assertStage;
import static dev.gatsbytelemetry.it.SampleSite.ALL_STAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The success path: {@code new} then {@code build} with all five stages configured. */
class BuildCommandIT {

    private static final int PAGES = 12;

    @TempDir
    Path sandbox;

    @Test
    void buildReportsCommandStartAndEndWithEveryStage() {
        Path site = SampleSite.scaffold(sandbox, "site", PAGES);

        RunResult run = JvmRun.sampleApp(sandbox, "build", "--dir", "site")
                .withAgent().debug().stages(ALL_STAGES).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).isEqualTo("Built " + PAGES + " pages in public/\n");
        assertThat(site.resolve("public/index.html")).isRegularFile();
        EventAssertions.assertStartAndEnd(run, "BUILD");
        EventAssertions.assertNoErrorEvents(run);
        assertCommonFields(run, "build");

        JsonNode end = run.event("CLI_COMMAND_BUILD_END");
        assertThat(end.path("exitCode").asInt(-1)).isZero();
        assertThat(end.path("exitReason").asText()).isEqualTo("return");
        assertThat(end.path("duration").isIntegralNumber()).as("duration in %s", end).isTrue();
        assertThat(end.path("duration").asLong(-1)).isGreaterThanOrEqualTo(0);
        assertThat(end.path("stages").size()).as("stages in %s", end).isEqualTo(5);
        assertStage(end, SampleSite.LOAD_CONFIG_NAME, 1, 0);
        assertStage(end, SampleSite.SOURCE_CONTENT_NAME, 1, 0);
        // the index page and sitemap are written by OutputWriter, not transformed or rendered per page
        assertStage(end, SampleSite.TRANSFORM_NAME, PAGES, 0);
        assertStage(end, SampleSite.RENDER_NAME, PAGES, 0);
        assertStage(end, SampleSite.WRITE_NAME, 1, 0);
    }

    @Test
    void newReportsItsOwnCommandWithoutStages() {
        RunResult run = JvmRun.sampleApp(sandbox, "new", "blog", "--pages", "2")
                .withAgent().debug().stages(ALL_STAGES).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        EventAssertions.assertStartAndEnd(run, "NEW");
        EventAssertions.assertNoErrorEvents(run);
        assertCommonFields(run, "new");
        JsonNode end = run.event("CLI_COMMAND_NEW_END");
        assertThat(end.path("exitCode").asInt(-1)).isZero();
        assertThat(end.path("exitReason").asText()).isEqualTo("return");
        assertThat(end.path("stages").size()).as("no stage ran during 'new': %s", end).isZero();
    }

    @Test
    void aWordTheToolDoesNotKnowIsReportedAsOther() {
        // not one of the sample app's string constants: it could be anything the user typed
        RunResult run = JvmRun.sampleApp(sandbox, "re-build.all").withAgent().debug().run();

        assertThat(run.exitCode()).as("unknown command is a usage error:%n%s", run.describe()).isEqualTo(64);
        EventAssertions.assertStartAndEnd(run, "OTHER");
        EventAssertions.assertNoErrorEvents(run);
        assertCommonFields(run, "other");
        JsonNode end = run.event("CLI_COMMAND_OTHER_END");
        assertThat(end.path("exitCode").asInt(-1)).isEqualTo(64);
        assertThat(end.path("exitReason").asText()).isEqualTo("exit");
    }

    @Test
    void commandIsDefaultWhenEveryArgumentIsAnOption() {
        RunResult run = JvmRun.sampleApp(sandbox, "--version").withAgent().debug().run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).startsWith("sitegen ");
        EventAssertions.assertStartAndEnd(run, "DEFAULT");
        EventAssertions.assertNoErrorEvents(run);
        assertCommonFields(run, "default");
    }
}
