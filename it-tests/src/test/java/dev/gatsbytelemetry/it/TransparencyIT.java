package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.SampleSite.ALL_STAGES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent must not change what the tool does: with the agent attached (all five stages
 * instrumented, debug off, no endpoint) every command prints the same bytes on stdout and stderr
 * and exits with the same code as without it. Both runs use the same directories, since the app's
 * messages contain absolute paths.
 */
class TransparencyIT {

    private static final int PAGES = 6;

    @TempDir
    Path sandbox;

    @Test
    void newCommand() throws IOException {
        RunResult plain = JvmRun.sampleApp(sandbox, "new", "site", "--pages", "3").run();
        deleteTree(sandbox.resolve("site"));
        RunResult agent = withAgent(JvmRun.sampleApp(sandbox, "new", "site", "--pages", "3"));

        assertThat(plain.exitCode()).as(plain.describe()).isZero();
        assertSameBehaviour(plain, agent);
    }

    @Test
    void successfulBuild() {
        SampleSite.scaffold(sandbox, "site", PAGES);

        assertSameBuild(0);
    }

    @Test
    void missingConfig() {
        SampleSite.removeConfig(SampleSite.scaffold(sandbox, "site", PAGES));

        assertSameBuild(2);
    }

    @Test
    void unclosedFrontMatter() {
        SampleSite.addUnclosedFrontMatter(SampleSite.scaffold(sandbox, "site", PAGES));

        assertSameBuild(1);
    }

    @Test
    void renderFailureOnAWorkerThread() throws IOException {
        Path site = SampleSite.scaffold(sandbox, "site", PAGES);
        SampleSite.includeMissingPartial(site);
        // With two workers the app's own stderr differs from run to run (their stack traces race
        // and interleave); one worker makes it deterministic, and the failure is still off main.
        Files.writeString(site.resolve("site.properties"), "\nrender.threads=1\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        assertSameBuild(3);
    }

    @Test
    void unreachableRemoteSource() {
        SampleSite.addUnreachableRemoteSource(SampleSite.scaffold(sandbox, "site", PAGES));

        assertSameBuild(1);
    }

    private void assertSameBuild(int expectedExitCode) {
        RunResult plain = build().run();
        RunResult agent = withAgent(build());

        assertThat(plain.exitCode()).as(plain.describe()).isEqualTo(expectedExitCode);
        assertSameBehaviour(plain, agent);
    }

    private JvmRun build() {
        return JvmRun.sampleApp(sandbox, "build", "--dir", "site").env("CMS_TOKEN", "s3cr3t-t0ken");
    }

    private static RunResult withAgent(JvmRun jvm) {
        return jvm.withAgent().stages(ALL_STAGES).run();
    }

    private static void assertSameBehaviour(RunResult plain, RunResult agent) {
        assertThat(agent.exitCode()).as("exit code with the agent%n%s", agent.describe()).isEqualTo(plain.exitCode());
        assertThat(agent.stdout()).as("stdout with the agent").isEqualTo(plain.stdout());
        assertThat(agent.stderr()).as("stderr with the agent").isEqualTo(plain.stderr());
        // the text comparisons give readable diffs; these make sure no byte differs under the decoding
        assertThat(agent.stdoutBytes()).as("stdout bytes").isEqualTo(plain.stdoutBytes());
        assertThat(agent.stderrBytes()).as("stderr bytes").isEqualTo(plain.stderrBytes());
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
