package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.SampleSite.ALL_STAGES;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards startup costs found with {@code -Xlog:class+load} (BENCHMARKS.md, "Where the time goes"):
 * JDK facilities the agent once pulled in for a few bytes of information, each milliseconds of
 * class loading and initialisation while the application starts. A class counts when an enabled
 * run loads it and the same run without the agent does not.
 */
class StartupFootprintIT {

    private static final List<String> COSTLY = List.of(
            // System.console(): a service lookup across all JDK modules on JDK 22+
            "java.io.Console ",
            // the class initialiser builds every predefined formatter (Instant.toString on JDK 17)
            "java.time.format.DateTimeFormatter ",
            // opened by ClassLoader.getResource for a package no module holds
            "jdk.internal.jimage.ImageReader ",
            // Byte Buddy beyond its bundled ASM: its first use costs hundreds of milliseconds
            "shaded.bytebuddy.agent.builder.",
            "shaded.bytebuddy.asm.Advice");

    @TempDir
    Path sandbox;

    /**
     * After a failed delivery, runs inside the back-off window never touch the network, so they must
     * not load the TLS stack either (its warm-up cost ~250 ms of CPU per run against an https
     * endpoint). The first run, outside the window, is the control: it does load it.
     */
    @Test
    void runsInTheBackOffWindowDoNotLoadTls() {
        String endpoint = "https://127.0.0.1:" + SampleSite.closedPort() + "/v1/events";
        SampleSite.scaffold(sandbox, "site", 40);
        Path first = sandbox.resolve("classes-first.txt");
        Path second = sandbox.resolve("classes-second.txt");

        // a build, long enough for the sender thread's warm-up to finish before the JVM exits
        RunResult failing = JvmRun.sampleApp(sandbox, "build", "--dir", "site").withAgent()
                .env("GATSBY_TELEMETRY_API", endpoint).jvmOption("-Xlog:class+load:file=" + first).run();
        RunResult inWindow = JvmRun.sampleApp(sandbox, "build", "--dir", "site").withAgent()
                .env("GATSBY_TELEMETRY_API", endpoint).jvmOption("-Xlog:class+load:file=" + second).run();

        assertThat(failing.exitCode()).as(failing.describe()).isZero();
        assertThat(inWindow.exitCode()).as(inWindow.describe()).isZero();
        assertThat(ConsentRuns.lines(first)).as("the first run warms the TLS stack up")
                .anyMatch(line -> line.contains("sun.security.ssl."));
        assertThat(ConsentRuns.lines(second)).as("a run in the back-off window")
                .anyMatch(line -> line.contains("dev.gatsbytelemetry.agent.sender.EventSender"))
                .noneMatch(line -> line.contains("sun.security.ssl."));
    }

    @Test
    void anEnabledRunLoadsNoCostlyJdkFacilityTheAppDoesNotLoadItself() {
        // --version: the app itself then loads none of the classes below, so each check bites
        Path withAgent = sandbox.resolve("classes-agent.txt");
        Path without = sandbox.resolve("classes-none.txt");

        RunResult run = JvmRun.sampleApp(sandbox, "--version")
                .withAgent().stages(ALL_STAGES).jvmOption("-Xlog:class+load:file=" + withAgent).run();
        RunResult plain = JvmRun.sampleApp(sandbox, "--version")
                .jvmOption("-Xlog:class+load:file=" + without).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(plain.exitCode()).as(plain.describe()).isZero();
        List<String> loaded = ConsentRuns.lines(withAgent);
        List<String> appLoads = ConsentRuns.lines(without);
        assertThat(loaded).as("the recorder completed an event")
                .anyMatch(line -> line.contains("dev.gatsbytelemetry.agent.recorder.EventContext"))
                .anyMatch(line -> line.contains("dev.gatsbytelemetry.agent.event.TelemetryEvent"));
        for (String costly : COSTLY) {
            if (appLoads.stream().noneMatch(line -> line.contains(costly))) {
                assertThat(loaded).as("classes loaded by an enabled run, not by the app").noneMatch(line -> line.contains(costly));
            }
        }
    }

    /**
     * From the second run on, the agent's own startup work shrinks: hooked classes come from the
     * hooked-class cache (no ASM class loads) and the recorder uses what premain read from the config
     * file (no config store, no second read). The first run is the control: it needs both.
     */
    @Test
    void aWarmRunLoadsNeitherAsmNorTheConfigFileStore() {
        Path first = sandbox.resolve("classes-first-run.txt");
        Path warm = sandbox.resolve("classes-warm-run.txt");
        // A generous exit budget, so that a loaded machine cannot cut the first run short before it
        // has stored its machine id and hooked classes: this test is about what is loaded, not when.
        RunResult firstRun = JvmRun.sampleApp(sandbox, "--version").withAgent().stages(ALL_STAGES)
                .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "5000").jvmOption("-Xlog:class+load:file=" + first).run();
        RunResult warmRun = JvmRun.sampleApp(sandbox, "--version")
                .withAgent().stages(ALL_STAGES).jvmOption("-Xlog:class+load:file=" + warm).run();

        assertThat(firstRun.exitCode()).as(firstRun.describe()).isZero();
        assertThat(warmRun.exitCode()).as(warmRun.describe()).isZero();
        assertThat(ConsentRuns.lines(first)).as("the first run")
                // the hook writer, on the JDK's own ASM (JDK 17-23) or the bundled one
                .anyMatch(line -> line.contains("dev.gatsbytelemetry.agent.instrumentation.AsmHookWriter "))
                .anyMatch(line -> line.contains("dev.gatsbytelemetry.agent.identity.TelemetryConfigFile "));
        assertThat(ConsentRuns.lines(warm)).as("a warm run")
                .anyMatch(line -> line.contains("dev.gatsbytelemetry.agent.recorder.EventContext "))
                .noneMatch(line -> line.contains(".shaded.bytebuddy.jar.asm."))
                .noneMatch(line -> line.contains("dev.gatsbytelemetry.agent.instrumentation.AsmHookWriter "))
                .noneMatch(line -> line.contains("dev.gatsbytelemetry.agent.identity.TelemetryConfigFile "));
    }
}
