package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.EventAssertions.assertCommonFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long-running command stopped by a signal, as a user stops {@code develop} with Ctrl-C or kill. */
class DevelopCommandIT {

    @TempDir
    Path sandbox;

    @Test
    void sigtermEndsTheRunWithExitCode143AndReasonSignal() {
        SampleSite.scaffold(sandbox, "site", 2);

        JvmRun.Running develop = JvmRun.sampleApp(sandbox, "develop", "--dir", "site", "--port", "0")
                .withAgent().debug().stages(SampleSite.ALL_STAGES)
                .start();
        develop.awaitStdout("Serving ").awaitStdout("http://127.0.0.1:");
        RunResult run = develop.terminate().awaitExit();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(143);
        assertThat(run.stdout()).contains("Serving My Site at http://127.0.0.1:");
        EventAssertions.assertStartAndEnd(run, "DEVELOP");
        EventAssertions.assertNoErrorEvents(run);
        assertCommonFields(run, "develop");
        JsonNode end = run.event("CLI_COMMAND_DEVELOP_END");
        assertThat(end.path("exitCode").asInt(-1)).isEqualTo(143);
        assertThat(end.path("exitReason").asText()).isEqualTo("signal");
        assertThat(end.path("stages").has(SampleSite.RENDER_NAME)).as("develop builds first: %s", end).isTrue();
    }
}
