package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first-run notice: once, on a terminal, on stderr, never in CI and never without a terminal. */
class FirstRunNoticeIT {

    private static final String NOTICE = "Telemetry notice: ";
    private static final int PAGES = 2;

    @TempDir
    Path sandbox;

    @BeforeEach
    void scaffold() {
        SampleSite.scaffold(sandbox, "site", PAGES);
    }

    private static void requireScript() {
        Assumptions.assumeTrue(ConsentRuns.scriptAvailable(),
                "util-linux 'script' is not available to give the JVM a pseudo-terminal; skipping the terminal tests");
    }

    private List<String> buildCommand() {
        List<String> command = new ArrayList<>(JvmRun.sampleApp(sandbox, "build", "--dir", "site").withAgent().command());
        return command;
    }

    private RunResult buildInPty(Map<String, String> extraEnv, String redirect) {
        String line = ConsentRuns.shellLine(buildCommand()) + redirect;
        return ConsentRuns.inPty(line, ConsentRuns.environment(sandbox, extraEnv), sandbox);
    }

    private Path config() {
        return JvmRun.sampleApp(sandbox).home().resolve(".config/gatsby-telemetry-agent/config.json");
    }

    @Test
    void shownOnTheFirstRunOnATerminalAndNeverAgain() throws IOException {
        requireScript();

        RunResult first = buildInPty(Map.of(), "");
        RunResult second = buildInPty(Map.of(), "");

        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(first.stdout()).as(first.describe()).contains(NOTICE)
                .contains("anonymous usage data")
                .contains("java -jar " + Jars.agent() + " telemetry --disable")
                .contains("GATSBY_TELEMETRY_DISABLED=1")
                .contains("Learn more:")
                .contains("Built " + PAGES + " pages in public/");
        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(second.stdout()).as(second.describe()).doesNotContain(NOTICE).contains("Built " + PAGES + " pages");
        assertThat(new ObjectMapper().readTree(config().toFile()).path("telemetry").path("noticeShown").asBoolean())
                .isTrue();
    }

    /**
     * Gatsby writes {@code telemetry.enabled: true} and a machine id on its first run, without
     * asking: that is nobody's consent to this agent, so the notice is still shown, and Gatsby's
     * machine id is never sent.
     */
    @Test
    void gatsbysOwnEnabledTrueIsNoChoiceTheNoticeIsStillShown() throws IOException {
        requireScript();
        Path gatsby = JvmRun.sampleApp(sandbox).home().resolve(".config/gatsby/config.json");
        Files.createDirectories(gatsby.getParent());
        String gatsbys = "{\"telemetry\":{\"enabled\":true,\"machineId\":\"gatsby-machine-1\"}}";
        Files.writeString(gatsby, gatsbys);

        RunResult first = buildInPty(Map.of("GATSBY_TELEMETRY_DEBUG", "1"), "");

        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(first.stdout()).as(first.describe()).contains(NOTICE).contains("Captured event: ")
                .doesNotContain("gatsby-machine-1");
        assertThat(Files.readString(gatsby)).as("Gatsby's file is never written").isEqualTo(gatsbys);
    }

    @Test
    void printedOnStderrNotStdout() throws IOException {
        requireScript();
        Path err = sandbox.resolve("stderr.txt");

        RunResult run = buildInPty(Map.of(), " 2>" + ConsentRuns.shellLine(List.of(err.toString())));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).as("the terminal (stdout) of %s", run.describe()).doesNotContain(NOTICE)
                .contains("Built " + PAGES + " pages");
        assertThat(Files.readString(err)).contains(NOTICE);
    }

    @Test
    void notShownInCi() {
        requireScript();

        RunResult run = buildInPty(Map.of("CI", "true"), "");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).as(run.describe()).doesNotContain(NOTICE).contains("Built " + PAGES + " pages");
        assertThat(config()).as("nothing recorded: a later run on a terminal still shows it")
                .satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                        p -> assertThat(Files.readString(p)).doesNotContain("noticeShown"));
    }

    @Test
    void notShownWithoutATerminal() {
        RunResult run = JvmRun.sampleApp(sandbox, "build", "--dir", "site").withAgent().run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stderr()).as(run.describe()).doesNotContain(NOTICE);
        assertThat(run.stdout()).doesNotContain(NOTICE);
        assertThat(config()).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(Files.readString(p)).doesNotContain("noticeShown"));
    }

    @Test
    void notShownOnceTheUserHasChosen() {
        requireScript();
        RunResult chose = ConsentRuns.cli(sandbox, Map.of(), "telemetry", "--enable");
        assertThat(chose.exitCode()).as(chose.describe()).isZero();

        RunResult run = buildInPty(Map.of(), "");

        assertThat(run.stdout()).as(run.describe()).doesNotContain(NOTICE);
    }
}
