package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The user's switches in real JVMs: each one and their precedence, "disabled means no work at all",
 * and the {@code telemetry} command line of the agent jar.
 */
class ConsentIT {

    private static final int PAGES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path sandbox;

    private Path home;
    private Path state;

    @BeforeEach
    void scaffold() {
        SampleSite.scaffold(sandbox, "site", PAGES);
        home = JvmRun.sampleApp(sandbox).home();
        state = home.resolve(".config/gatsby-telemetry-agent");
    }

    private JvmRun build(String agentArguments) {
        JvmRun run = JvmRun.sampleApp(sandbox, "build", "--dir", "site");
        return agentArguments == null ? run.withAgent() : run.withAgent(agentArguments);
    }

    private RunResult cli(String... args) {
        return ConsentRuns.cli(sandbox, Map.of(), args);
    }

    private void configFile(String json) throws IOException {
        Files.createDirectories(state);
        Files.writeString(state.resolve("config.json"), json);
    }

    /**
     * Each row: the switches set, and which one must decide. Config file values are written by the
     * CLI itself, so the test also shows that what {@code telemetry --enable/--disable} writes is what
     * the agent reads.
     */
    @ParameterizedTest(name = "[{index}] env={0} file={1} arg={2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "GATSBY_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 | --enable  | enabled=true  | GATSBY_TELEMETRY_DISABLED",
            "DO_NOT_TRACK=1                             | --enable  | enabled=true  | DO_NOT_TRACK",
            "DO_NOT_TRACK=0                             | --disable | enabled=true  | config file (telemetry.enabled)",
            "-                                          | -         | enabled=false | agent argument enabled=false",
            "-                                          | --enable  | enabled=false | ON",
            "-                                          | -         | -             | ON",
    })
    void eachSwitchAndItsPrecedence(String envSwitches, String cliOption, String argument, String decidedBy) {
        if (!cliOption.equals("-")) {
            RunResult written = cli("telemetry", cliOption);
            assertThat(written.exitCode()).as(written.describe()).isZero();
        }
        JvmRun jvm = build(argument.equals("-") ? null : argument).debug();
        if (!envSwitches.equals("-")) {
            for (String pair : envSwitches.split(" ")) {
                String[] kv = pair.split("=", 2);
                jvm.env(kv[0], kv[1]);
            }
        }

        RunResult run = jvm.run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).isEqualTo("Built " + PAGES + " pages in public/\n");
        if (decidedBy.equals("ON")) {
            assertThat(run.eventTypes()).as(run.describe()).containsExactly("CLI_RAW_COMMAND_BUILD", "CLI_COMMAND_METADATA", "CLI_COMMAND_BUILD_END");
            assertThat(run.stderr()).doesNotContain("telemetry is disabled");
        } else {
            assertThat(run.stderr()).as(run.describe()).doesNotContain(RunResult.EVENT_PREFIX);
            assertThat(run.stderrLines()).as(run.describe())
                    .containsExactly("gatsby-telemetry: telemetry is disabled by " + decidedBy);
        }
        // `telemetry --status` decides the same way for the same shell (it cannot see the launcher's argument)
        if (!argument.startsWith("enabled=false") || !decidedBy.startsWith("agent")) {
            Map<String, String> env = new java.util.LinkedHashMap<>();
            if (!envSwitches.equals("-")) {
                for (String pair : envSwitches.split(" ")) {
                    String[] kv = pair.split("=", 2);
                    env.put(kv[0], kv[1]);
                }
            }
            RunResult status = ConsentRuns.cli(sandbox, env, "telemetry", "--status");
            String expected = decidedBy.equals("ON") ? "Telemetry: enabled" : "Telemetry: disabled for this shell (decided by " + decidedBy + ")";
            assertThat(status.stdout()).as(status.describe()).contains(expected);
        }
    }

    /**
     * Disabled by any switch, the agent loads no Byte Buddy, no recorder and no sender class (so it
     * starts no {@code gatsby-telemetry-*} thread: those are the recorder's and the sender's), and
     * leaves HOME and XDG_CONFIG_HOME byte for byte as they were.
     */
    @ParameterizedTest(name = "disabled by {0}")
    @CsvSource(delimiter = '|', value = {
            "GATSBY_TELEMETRY_DISABLED | env",
            "DO_NOT_TRACK              | env",
            "config file               | file",
            "agent argument            | arg",
    })
    void disabledMeansNoWorkAtAll(String name, String kind) throws IOException {
        if (kind.equals("file")) {
            configFile("{\"telemetry\":{\"enabled\":false},\"other\":{\"kept\":true}}");
        }
        Path classes = sandbox.resolve("classes-" + kind + ".txt");
        JvmRun jvm = build(kind.equals("arg") ? "enabled=false" : null)
                .jvmOption("-Xlog:class+load:file=" + classes);
        if (kind.equals("env")) {
            jvm.env(name.trim(), "1");
        }
        Files.createDirectories(home);
        Map<String, String> before = ConsentRuns.tree(home);

        RunResult run = jvm.run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).isEqualTo("Built " + PAGES + " pages in public/\n");
        assertThat(run.stderr()).as(run.describe()).isEmpty();
        List<String> loaded = ConsentRuns.lines(classes);
        assertThat(loaded).as("the class log was written").anyMatch(line -> line.contains("org.example.sitegen.SiteGen"));
        assertThat(loaded).as("agent classes loaded while disabled by %s", name)
                .noneMatch(line -> line.contains("shaded.bytebuddy"))
                .noneMatch(line -> line.contains("dev.gatsbytelemetry.agent.recorder."))
                .noneMatch(line -> line.contains("dev.gatsbytelemetry.agent.sender."))
                .noneMatch(line -> line.contains("EventWorker"))
                .noneMatch(line -> line.contains("shaded.jackson"));
        assertThat(ConsentRuns.tree(home)).as("HOME and XDG_CONFIG_HOME unchanged").isEqualTo(before);
    }

    /** The control for the test above: enabled, the same log does show the recorder, so its absence means something. */
    @Test
    void enabledLoadsTheRecorderWhichTheDisabledTestLooksFor() {
        Path classes = sandbox.resolve("classes-on.txt");
        RunResult run = build(null).debug().jvmOption("-Xlog:class+load:file=" + classes).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(ConsentRuns.lines(classes)).anyMatch(line -> line.contains("dev.gatsbytelemetry.agent.recorder.EventWorker"));
    }

    @Test
    void statusPreviewAndDisableOnARealSpool() throws IOException {
        Map<String, String> collector = Map.of(
                "GATSBY_TELEMETRY_API", "http://127.0.0.1:" + SampleSite.closedPort() + "/v1",
                "GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "5000");
        JvmRun jvm = build(null);
        collector.forEach(jvm::env);
        RunResult app = jvm.run();
        assertThat(app.exitCode()).as(app.describe()).isZero();

        RunResult status = ConsentRuns.cli(sandbox, collector, "telemetry", "--status");
        assertThat(status.exitCode()).as(status.describe()).isZero();
        assertThat(status.stderr()).isEmpty();
        JsonNode machineIds = JSON.readTree(state.resolve("config.json").toFile()).path("machineIds");
        assertThat(machineIds.size()).as("one tool ran: one id").isEqualTo(1);
        assertThat(status.stdoutLines()).as(status.describe())
                .anyMatch(line -> line.matches("Spool: [1-3] batch files?; events kept at exit, not completed yet: 0"));
        assertThat(status.stdoutLines().stream().filter(line -> !line.startsWith("Spool: ")))
                .as(status.describe()).containsExactly(
                "Telemetry: enabled for this shell (decided by default)",
                "Config file: " + state.resolve("config.json"),
                "Gatsby's config file: " + home.resolve(".config/gatsby/config.json")
                        + " (only read: its telemetry.enabled false keeps telemetry off; never written)",
                "Machine ids: one random id per tool, 1 stored (" + machineIds.fieldNames().next() + ")",
                "Endpoint: " + collector.get("GATSBY_TELEMETRY_API"),
                "Events waiting to be sent: 3 (" + state.resolve("events") + ")",
                "Last delivery: none yet; runs send at most every 60 min",
                hookedClassCacheLine(),
                "To turn it off: java -jar " + Jars.agent() + " telemetry --disable   or   export GATSBY_TELEMETRY_DISABLED=1");

        RunResult preview = cli("telemetry", "--preview");
        assertThat(preview.exitCode()).as(preview.describe()).isZero();
        JsonNode events = JSON.readTree(preview.stdout());
        assertThat(events.isArray()).as(preview.describe()).isTrue();
        assertThat(events.findValuesAsText("eventType")).containsExactlyInAnyOrder("CLI_RAW_COMMAND_BUILD", "CLI_COMMAND_METADATA", "CLI_COMMAND_BUILD_END");
        assertThat(preview.stderr()).contains("3 events in");

        RunResult disable = cli("telemetry", "--disable");
        assertThat(disable.exitCode()).as(disable.describe()).isZero();
        assertThat(disable.stdoutLines()).containsExactly("Telemetry disabled. Nothing will be collected or sent.",
                "Deleted 3 unsent events from " + state.resolve("events") + ".");
        assertThat(state.resolve("events")).doesNotExist();
        assertThat(state.resolve("hooked-classes")).doesNotExist();

        // and the next run of the tool collects nothing and writes nothing
        Map<String, String> before = ConsentRuns.tree(home);
        JvmRun again = build(null);
        collector.forEach(again::env);
        RunResult after = again.run();
        assertThat(after.exitCode()).as(after.describe()).isZero();
        assertThat(ConsentRuns.tree(home)).isEqualTo(before);
        assertThat(cli("telemetry").stdout()).contains("disabled for this shell (decided by config file (telemetry.enabled))")
                .contains("Events waiting to be sent: 0");
    }

    @Test
    void statusOnAFreshMachineChangesNothing() {
        Map<String, String> before = ConsentRuns.tree(home);
        RunResult bare = cli("telemetry");

        assertThat(bare.exitCode()).as(bare.describe()).isZero();
        assertThat(bare.stdout()).contains("Telemetry: enabled for this shell (decided by default)",
                "(does not exist yet)", "Machine ids: one random id per tool, none yet", "Endpoint: not configured in this shell",
                "Events waiting to be sent: 0");
        assertThat(ConsentRuns.tree(home)).isEqualTo(before);
    }

    @Test
    void unknownFlagIsExitTwoWithUsageOnStderr() {
        RunResult run = cli("telemetry", "--off");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("unknown option '--off'").contains("Usage: java -jar ");
        RunResult help = cli("telemetry", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("--disable", "--enable", "--status", "--preview");
    }

    @Test
    void unwritableConfigDirectoryIsExitOneWithOneClearLine() throws IOException {
        Path xdg = sandbox.resolve("xdg-is-a-file");
        Files.writeString(xdg, "not a directory"); // cannot be created as a directory, even by root

        RunResult run = ConsentRuns.cli(sandbox, Map.of("XDG_CONFIG_HOME", xdg.toString()), "telemetry", "--disable");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderrLines()).as(run.describe()).singleElement().asString()
                .startsWith("gatsby-telemetry: error: telemetry was not disabled: ")
                .contains(xdg.resolve("gatsby-telemetry-agent/config.json").toString());
    }

    @Test
    void corruptConfigIsReportedAndRepairedKeepingOtherKeys() throws IOException {
        configFile("{\"telemetry\": {\"machineId\": \"1234\",}, \"gatsby\": {\"packageManager\": \"npm\"}, // hand edit\n}");

        RunResult status = cli("telemetry", "--status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.stderrLines()).as(status.describe()).singleElement().asString().contains("not valid JSON");

        RunResult run = cli("telemetry", "--disable");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).startsWith("Telemetry disabled.");
        assertThat(run.stderrLines()).as(run.describe()).singleElement().asString()
                .contains("moved to " + state.resolve("config.json.corrupt-"));
        JsonNode repaired = JSON.readTree(state.resolve("config.json").toFile());
        assertThat(repaired.path("telemetry").path("enabled").asBoolean(true)).isFalse();
        assertThat(repaired.path("telemetry").path("machineId").asText()).isEqualTo("1234");
        assertThat(repaired.path("gatsby").path("packageManager").asText()).isEqualTo("npm");
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files).anyMatch(p -> p.getFileName().toString().startsWith("config.json.corrupt-"));
        }
    }

    // ------------------------------------------------------------------ Gatsby's file, fail closed

    private Path gatsbyConfig() throws IOException {
        Path file = home.resolve(".config/gatsby/config.json");
        Files.createDirectories(file.getParent());
        return file;
    }

    @Test
    void gatsbysFalseKeepsTelemetryOffAndIsNeverWritten() throws IOException {
        // Gatsby's own opt-out, or a --disable by an earlier version of this agent, which kept its choice there
        Path gatsby = gatsbyConfig();
        String content = "{\"telemetry\":{\"enabled\":false,\"machineId\":\"gatsby-machine-1\"}}";
        Files.writeString(gatsby, content);

        RunResult run = build(null).debug().run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stderrLines()).as(run.describe())
                .containsExactly("gatsby-telemetry: telemetry is disabled by Gatsby's config file (telemetry.enabled: false)");

        RunResult enable = cli("telemetry", "--enable");
        assertThat(enable.exitCode()).as(enable.describe()).isZero();
        assertThat(enable.stderr()).contains("telemetry is still off here, decided by Gatsby's config file");
        RunResult still = build(null).debug().run();
        assertThat(still.events()).as("any no wins").isEmpty();
        assertThat(cli("telemetry", "--disable").exitCode()).isZero();
        assertThat(Files.readString(gatsby)).as("Gatsby's file is only read").isEqualTo(content);
        assertThat(state.resolve("config.json")).as("the choice lives in the agent's own file").isRegularFile();
    }

    @Test
    void gatsbysTrueIsNoConsentAndItsMachineIdIsNeverSent() throws IOException {
        Files.writeString(gatsbyConfig(), "{\"telemetry\":{\"enabled\":true,\"machineId\":\"gatsby-machine-1\"}}");

        RunResult maintainerOff = build("enabled=false").debug().run();
        assertThat(maintainerOff.stderrLines()).as(maintainerOff.describe())
                .containsExactly("gatsby-telemetry: telemetry is disabled by agent argument enabled=false");

        RunResult on = build(null).debug().run();
        assertThat(on.events()).as(on.describe()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("machineId").asText()).isNotEqualTo("gatsby-machine-1"));
        assertThat(on.stderr()).doesNotContain("gatsby-machine-1");
    }

    @Test
    void aConfigThatCannotBeReadMeansOffUntilTheUserChoosesAgain() throws IOException {
        // root reads anything, so "cannot be read" is made with bytes that are not JSON and with a
        // folder in the file's place, not with permission bits
        cli("telemetry", "--disable");
        Files.write(state.resolve("config.json"), new byte[] {(byte) 0xff, 0x00, '{', 0x01});

        RunResult run = build(null).debug().run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.events()).as("fail closed: no turning back on by default").isEmpty();
        assertThat(run.stderr()).contains("telemetry is disabled by config file that cannot be read");
        RunResult status = cli("telemetry", "--status");
        assertThat(status.stdout()).as(status.describe())
                .contains("Telemetry: disabled for this shell (decided by config file that cannot be read;")
                .contains("(not valid JSON: telemetry is off until you choose again)");
        assertThat(status.stderr()).contains("--enable' or '--disable' decides again");

        assertThat(cli("telemetry", "--enable").exitCode()).isZero();
        assertThat(build(null).debug().run().events()).as("the user chose again").isNotEmpty();

        Files.delete(state.resolve("config.json"));
        Files.createDirectories(state.resolve("config.json"));
        RunResult folder = build(null).debug().run();
        assertThat(folder.events()).as("a folder in the config's place: off").isEmpty();
        assertThat(cli("telemetry", "--status").stdout()).contains("(cannot be read: telemetry is off until you choose again)");
    }

    /** What --status says of the hooked-class cache the run before it left. */
    private String hookedClassCacheLine() throws IOException {
        Path cache = state.resolve("hooked-classes");
        long entries = 0;
        long bytes = 0;
        try (java.util.stream.Stream<Path> files = Files.list(cache)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".hooked"))::iterator) {
                entries++;
                bytes += Files.size(file);
            }
        }
        assertThat(entries).as("the run kept its hooked classes").isPositive();
        return "Hooked-class cache: " + entries + " class" + (entries == 1 ? "" : "es") + ", " + (bytes + 1023) / 1024
                + " KiB (" + cache + "; makes later starts faster, deleted by --disable)";
    }
}
