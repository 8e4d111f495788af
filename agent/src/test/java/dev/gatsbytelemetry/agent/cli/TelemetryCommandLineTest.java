package dev.gatsbytelemetry.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryCommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>();
    private Path gatsby;
    private String out;
    private String err;

    @BeforeEach
    void environment() {
        env.put("XDG_CONFIG_HOME", tmp.resolve("xdg").toString());
        gatsby = tmp.resolve("xdg").resolve("gatsby-telemetry-agent");
    }

    private int run(String... args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int code = TelemetryCommandLine.run(args, env, tmp.resolve("home").toString(),
                new PrintStream(outBytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        return code;
    }

    private JsonNode config() throws IOException {
        return JSON.readTree(gatsby.resolve("config.json").toFile());
    }

    private void writeConfig(String text) throws IOException {
        Files.createDirectories(gatsby);
        Files.writeString(gatsby.resolve("config.json"), text);
    }

    /** A spool batch as the sender names it. */
    private Path spoolBatch(int sequence, String... events) throws IOException {
        Path spool = Files.createDirectories(gatsby.resolve("events"));
        String name = String.format("batch-%013d-%06d-%016x-n%d.json", 1_700_000_000_000L + sequence, sequence,
                sequence, events.length);
        return Files.writeString(spool.resolve(name), "[" + String.join(",", events) + "]");
    }

    @Test
    void disableWritesTheChoiceCreatingTheDirectory() throws IOException {
        assertThat(run("telemetry", "--disable")).isZero();

        assertThat(out).isEqualTo("Telemetry disabled. Nothing will be collected or sent.\n");
        assertThat(err).isEmpty();
        assertThat(config().path("telemetry").path("enabled").isBoolean()).isTrue();
        assertThat(config().path("telemetry").path("enabled").booleanValue()).isFalse();
    }

    @Test
    void enableWritesTrueAndKeepsOtherKeys() throws IOException {
        writeConfig("{\"telemetry\":{\"machineId\":\"m-1\",\"enabled\":false},\"cli\":{\"packageManager\":\"npm\"}}");

        assertThat(run("telemetry", "--enable")).isZero();

        assertThat(out).isEqualTo("Telemetry enabled. Thank you for helping improve the tools you use.\n");
        assertThat(config().path("telemetry").path("enabled").booleanValue()).isTrue();
        assertThat(config().path("telemetry").path("machineId").asText()).isEqualTo("m-1");
        assertThat(config().path("cli").path("packageManager").asText()).isEqualTo("npm");
    }

    @Test
    void enableNamesTheComponentAndWarnsWhenAVariableStillDisables() {
        env.put("GATSBY_TELEMETRY_COMPONENT", "sitegen");
        env.put("DO_NOT_TRACK", "1");

        assertThat(run("telemetry", "--enable")).isZero();

        assertThat(out).isEqualTo("Telemetry enabled. Thank you for helping improve sitegen.\n");
        assertThat(err).contains("telemetry is still off here, decided by DO_NOT_TRACK");
    }

    @Test
    void disableDeletesTheSpoolSoNothingCollectedBeforeIsSent() throws IOException {
        spoolBatch(1, "{\"eventId\":\"a\"}", "{\"eventId\":\"b\"}");
        spoolBatch(2, "{\"eventId\":\"c\"}");

        assertThat(run("telemetry", "--disable")).isZero();

        assertThat(out).contains("Telemetry disabled.").contains("Deleted 3 unsent events");
        assertThat(gatsby.resolve("events")).doesNotExist();
        assertThat(gatsby.resolve("config.json")).exists();
    }

    @Test
    void bareTelemetryShowsTheStatusAndChangesNothing() throws IOException {
        writeConfig("{\"telemetry\":{\"enabled\":false},\"machineIds\":{\"sitegen\":\"abc-123\"}}");
        byte[] before = Files.readAllBytes(gatsby.resolve("config.json"));

        assertThat(run("telemetry")).isZero();
        String bare = out;
        assertThat(run("telemetry", "--status")).isZero();

        assertThat(bare).isEqualTo(out);
        assertThat(out).contains("Telemetry: disabled for this shell (decided by config file (telemetry.enabled))")
                .contains("Config file: " + gatsby.resolve("config.json"))
                .contains("Machine ids: one random id per tool, 1 stored (sitegen)")
                .contains("Endpoint: not configured in this shell")
                .contains("Events waiting to be sent: 0");
        assertThat(Files.readAllBytes(gatsby.resolve("config.json"))).isEqualTo(before);
        try (Stream<Path> files = Files.list(gatsby)) {
            assertThat(files).containsExactly(gatsby.resolve("config.json"));
        }
    }

    @Test
    void statusOnAFreshMachineWritesNothing() {
        assertThat(run("telemetry", "--status")).isZero();

        assertThat(out).contains("Telemetry: enabled for this shell (decided by default)")
                .contains("(does not exist yet)")
                .contains("Machine ids: one random id per tool, none yet")
                .contains("telemetry --disable");
        assertThat(tmp.resolve("xdg")).doesNotExist();
    }

    @Test
    void statusUsesTheAgentsPrecedence() throws IOException {
        writeConfig("{\"telemetry\":{\"enabled\":true}}");
        env.put("DO_NOT_TRACK", "1");
        run("telemetry", "--status");
        assertThat(out).contains("disabled for this shell (decided by DO_NOT_TRACK)");

        env.put("GATSBY_TELEMETRY_DISABLED", "true");
        run("telemetry", "--status");
        assertThat(out).contains("disabled for this shell (decided by GATSBY_TELEMETRY_DISABLED)");

        env.remove("GATSBY_TELEMETRY_DISABLED");
        env.remove("DO_NOT_TRACK");
        run("telemetry", "--status");
        assertThat(out).contains("enabled for this shell (decided by config file (telemetry.enabled))");
    }

    @Test
    void statusShowsTheEndpointAndTheSpool() throws IOException {
        env.put("GATSBY_TELEMETRY_API", "https://telemetry.example.com/v1");
        spoolBatch(1, "{\"eventId\":\"a\"}", "{\"eventId\":\"b\"}");

        assertThat(run("telemetry", "--status")).isZero();

        assertThat(out).contains("Endpoint: https://telemetry.example.com/v1")
                .contains("Events waiting to be sent: 2 (" + gatsby.resolve("events") + ")")
                .contains("Last delivery: none yet; runs send at most every 60 min");
    }

    /** A spool batch written a minute ago (the other helper's are years old: beyond the spool's age bound when sending). */
    private void recentBatch(int sequence, String... events) throws IOException {
        Path spool = Files.createDirectories(gatsby.resolve("events"));
        String name = String.format("batch-%013d-%06d-%016x-n%d.json", System.currentTimeMillis() - 60_000, sequence,
                sequence, events.length);
        Files.writeString(spool.resolve(name), "[" + String.join(",", events) + "]");
    }

    /** A record a run kept at exit ({@code key} null: it carries its identity), its owner long dead. */
    private void pendingRecord(String eventId, String key) throws IOException {
        Path spool = Files.createDirectories(gatsby.resolve("events"));
        long written = System.currentTimeMillis() - 60_000;
        Files.writeString(spool.resolve("pending-" + written + "-2000000000-" + eventId + ".json"),
                (key == null ? "-" : key) + "\n\"eventType\":\"CLI_COMMAND_BUILD_END\",\"eventId\":\"" + eventId
                        + "\",\"machineId\":\"m-1\"\n\"exitCode\":1\n");
    }

    @Test
    void statusCountsTheSpoolFilesAndTheRecordsKeptAtExit() throws IOException {
        spoolBatch(1, "{\"eventId\":\"a\"}", "{\"eventId\":\"b\"}");
        spoolBatch(2, "{\"eventId\":\"c\"}");
        pendingRecord("e-1", null);
        pendingRecord("e-2", "0123456789abcdef0123456789abcdef");

        assertThat(run("telemetry", "--status")).isZero();

        assertThat(out).contains("Events waiting to be sent: 3 (" + gatsby.resolve("events") + ")")
                .contains("Spool: 2 batch files; events kept at exit, not completed yet: 2 (the next run of the tool");
    }

    /**
     * {@code --send} does what a tool's later run would, against a loopback collector: completes the
     * record that needs no tool's identity, sends it with the waiting batch, and leaves the record only
     * its tool can complete.
     */
    @Test
    void sendCompletesWhatItCanAndDeliversEverythingWaiting() throws Exception {
        recentBatch(1, "{\"eventId\":\"a\"}", "{\"eventId\":\"b\"}");
        pendingRecord("e-1", null);
        pendingRecord("e-2", "0123456789abcdef0123456789abcdef");
        List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/events", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            env.put("GATSBY_TELEMETRY_API", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/events");
            env.put("GATSBY_TELEMETRY_GZIP", "0");
            assertThat(run("telemetry", "--send")).as(err).isZero();
        } finally {
            server.stop(0);
        }

        assertThat(String.join("", bodies)).contains("\"eventId\":\"a\"", "\"eventId\":\"b\"", "\"eventId\":\"e-1\"")
                .doesNotContain("e-2");
        assertThat(keys).hasSize(2).allMatch(k -> k != null && k.matches("\\d{13}-\\d{6}-[0-9a-f]{16}"));
        assertThat(out).contains("Sent 3 events to http://127.0.0.1:", "(1 completed from what earlier runs kept at exit)",
                "1 event kept at exit wait for the tool that kept them");
        try (Stream<Path> files = Files.list(gatsby.resolve("events"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .noneMatch(n -> n.startsWith("batch-")).filteredOn(n -> n.startsWith("pending-")).hasSize(1)
                    .allMatch(n -> n.contains("-e-2.json"));
        }
    }

    @Test
    void sendKeepsEverythingWhenTheCollectorCannotBeReachedAndSaysSo() throws Exception {
        recentBatch(1, "{\"eventId\":\"a\"}");
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort(); // closed again: connections are refused
        }
        env.put("GATSBY_TELEMETRY_API", "http://127.0.0.1:" + closedPort + "/v1/events");

        assertThat(run("telemetry", "--send")).isEqualTo(1);

        assertThat(err).contains("1 event not sent", "stay in " + gatsby.resolve("events"));
        try (Stream<Path> files = Files.list(gatsby.resolve("events"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).anyMatch(n -> n.startsWith("batch-"));
        }
    }

    @Test
    void sendSendsNothingWhenTelemetryIsDisabled() throws Exception {
        spoolBatch(1, "{\"eventId\":\"a\"}");
        env.put("GATSBY_TELEMETRY_API", "http://127.0.0.1:9/v1/events");
        env.put("GATSBY_TELEMETRY_DISABLED", "1");

        assertThat(run("telemetry", "--send")).isZero();

        assertThat(out).contains("Telemetry is disabled in this shell", "nothing sent");
    }

    @Test
    void statusShowsTheLastDeliveryAndTheSendInterval() throws IOException {
        env.put("GATSBY_TELEMETRY_API", "https://telemetry.example.com/v1");
        Files.createDirectories(gatsby.resolve("events"));
        Files.writeString(gatsby.resolve("events/delivery.state"), "failures=0\nnotBefore=0\nlastDelivery=1795773600000\n");
        assertThat(run("telemetry", "--status")).isZero();
        assertThat(out).contains("Last delivery: 2026-11-27T10:00:00.000Z; runs send at most every 60 min");

        env.put("CI", "true");
        run("telemetry", "--status");
        assertThat(out).contains("Last delivery: 2026-11-27T10:00:00.000Z; every run sends");
    }

    @Test
    void statusShowsTheHookedClassCacheAndDisableDeletesIt() throws IOException {
        run("telemetry", "--status");
        assertThat(out).contains("Hooked-class cache: 0 classes, 0 KiB (" + gatsby.resolve("hooked-classes"));
        Files.createDirectories(gatsby.resolve("hooked-classes"));
        Files.write(gatsby.resolve("hooked-classes/00000000aaaaaaaa.hooked"), new byte[1500]);
        Files.write(gatsby.resolve("hooked-classes/00000000bbbbbbbb.hooked"), new byte[1000]);
        Files.write(gatsby.resolve("hooked-classes/00000000bbbbbbbb.hooked.12.part"), new byte[1000]);

        run("telemetry", "--status");
        assertThat(out).contains("Hooked-class cache: 2 classes, 3 KiB (");

        assertThat(run("telemetry", "--disable")).isZero();
        assertThat(gatsby.resolve("hooked-classes")).doesNotExist();
    }

    @Test
    void disableDeletesTheClassPathJarCache() throws IOException {
        Files.createDirectories(gatsby);
        Files.writeString(gatsby.resolve("class-path-jars.txt"), "0123456789abcdef0123456789abcdef 1 2 -\n");
        assertThat(run("telemetry", "--disable")).isZero();
        assertThat(gatsby.resolve("class-path-jars.txt")).doesNotExist();
    }

    @Test
    void disableDeletesTheKeptCommandWords() throws IOException {
        Files.createDirectories(gatsby);
        Files.writeString(gatsby.resolve("command-words.txt"), "0".repeat(64) + "\n");
        assertThat(run("telemetry", "--disable")).isZero();
        assertThat(gatsby.resolve("command-words.txt")).doesNotExist();
    }

    @Test
    void statusReportsAnInvalidEndpoint() {
        env.put("GATSBY_TELEMETRY_API", "ftp://nope");
        run("telemetry", "--status");
        assertThat(out).contains("Endpoint: ftp://nope (ignored: not an http or https URL)");
    }

    @Test
    void previewPrintsExactlyTheSpooledEventsAsOneJsonArray() throws IOException {
        spoolBatch(1, "{\"eventId\":\"a\",\"eventType\":\"CLI_COMMAND_BUILD\"}");
        spoolBatch(2, "{\"eventId\":\"b\",\"eventType\":\"BUILD_END\",\"exitCode\":0}");

        assertThat(run("telemetry", "--preview")).isZero();

        JsonNode events = JSON.readTree(out);
        assertThat(events.isArray()).isTrue();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).path("eventId").asText()).isEqualTo("a");
        assertThat(events.get(1).path("exitCode").asInt()).isZero();
        assertThat(err).contains("2 events in 2 batches wait in " + gatsby.resolve("events"));
        assertThat(gatsby.resolve("events")).isDirectoryContaining(p -> p.getFileName().toString().endsWith("-n1.json"));
    }

    @Test
    void previewOfAnEmptySpoolIsAnEmptyArray() throws IOException {
        assertThat(run("telemetry", "--preview")).isZero();
        assertThat(JSON.readTree(out).size()).isZero();
        assertThat(err).contains("No events wait");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "disable", "-d"})
    void unknownOptionsAreUsageErrors(String option) {
        assertThat(run("telemetry", option)).isEqualTo(2);
        assertThat(out).isEmpty();
        assertThat(err).contains("unknown option '" + option + "'").contains("Usage: ");
    }

    @Test
    void unknownCommandsMissingCommandsAndTwoOptionsAreUsageErrors() {
        assertThat(run("telemtry", "--disable")).isEqualTo(2);
        assertThat(err).contains("unknown command 'telemtry'").contains("Usage: ");
        assertThat(run()).isEqualTo(2);
        assertThat(err).contains("a command is required");
        assertThat(run("telemetry", "--enable", "--disable")).isEqualTo(2);
        assertThat(err).contains("one option at a time");
        assertThat(tmp.resolve("xdg")).doesNotExist();
    }

    @Test
    void helpNamesTheJarOnceAndKeepsItsColumns() {
        assertThat(run("telemetry", "--help")).isZero();
        String jar = dev.gatsbytelemetry.agent.AgentJar.path();
        assertThat(out.split(java.util.regex.Pattern.quote(jar), -1)).as("the jar path, once:%n%s", out).hasSize(2);
        List<String> options = out.lines().filter(line -> line.startsWith("  --")).toList();
        assertThat(options).hasSize(6).allSatisfy(line -> assertThat(line.indexOf(line.trim().split(" +", 2)[1]))
                .as("the description column of '%s'", line).isEqualTo(14));
        assertThat(out.lines().filter(line -> !line.contains(tmp.toString()) && !line.contains(jar)))
                .as("no line but the two paths wider than a terminal").allSatisfy(line ->
                        assertThat(line.length()).isLessThanOrEqualTo(100));
    }

    @Test
    void helpDocumentsEveryOptionOnStdout() {
        for (List<String> args : List.of(List.of("telemetry", "--help"), List.of("--help"), List.of("telemetry", "-h"))) {
            assertThat(run(args.toArray(new String[0]))).isZero();
            assertThat(err).isEmpty();
            assertThat(out).contains("--status", "--enable", "--disable", "--preview", "--help",
                    "GATSBY_TELEMETRY_DISABLED", "DO_NOT_TRACK", "telemetry.enabled", "Exit codes");
        }
    }

    @Test
    void unwritableConfigDirectoryIsOneClearLineAndExitOne() throws IOException {
        Files.writeString(tmp.resolve("xdg"), "a file where the directory should be");

        assertThat(run("telemetry", "--disable")).isEqualTo(1);

        assertThat(out).isEmpty();
        assertThat(err.lines()).hasSize(1);
        assertThat(err).startsWith("gatsby-telemetry: error: telemetry was not disabled: ")
                .contains(gatsby.resolve("config.json").toString());
    }

    @Test
    void corruptConfigIsMovedAsideAndItsReadableSettingsKept() throws IOException {
        // a hand edit: a comment and a trailing comma
        writeConfig("{\n  // mine\n  \"telemetry\": {\"machineId\": \"m-7\", \"enabled\": true,},\n"
                + "  \"cli\": {\"packageManager\": \"yarn\", \"list\": [1, 2]},\n}\n");

        assertThat(run("telemetry", "--disable")).isZero();

        assertThat(out).startsWith("Telemetry disabled.");
        assertThat(err.lines()).hasSize(1);
        assertThat(err).contains("was not valid JSON; it was moved to " + gatsby.resolve("config.json.corrupt-"))
                .contains("keeping 2 of its settings");
        assertThat(config().path("telemetry").path("enabled").booleanValue()).isFalse();
        assertThat(config().path("telemetry").path("machineId").asText()).isEqualTo("m-7");
        assertThat(config().path("cli").path("packageManager").asText()).isEqualTo("yarn");
        try (Stream<Path> files = Files.list(gatsby)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("config.json.corrupt-")))
                    .singleElement().satisfies(p -> assertThat(Files.readString(p)).contains("// mine"));
        }
    }

    @Test
    void truncatedConfigKeepsWhatCameBeforeTheCut() throws IOException {
        writeConfig("{\"telemetry\":{\"machineId\":\"m-8\"},\"other\":{\"a\":\"b\",\"c\":\"unfinish");

        assertThat(run("telemetry", "--enable")).isZero();

        assertThat(config().path("telemetry").path("machineId").asText()).isEqualTo("m-8");
        assertThat(config().path("other").path("a").asText()).isEqualTo("b");
        assertThat(config().path("other").has("c")).isFalse();
        assertThat(config().path("telemetry").path("enabled").booleanValue()).isTrue();
    }

    @Test
    void statusReportsACorruptConfigInOneLineAndLeavesItAlone() throws IOException {
        writeConfig("{nope");

        assertThat(run("telemetry", "--status")).isZero();

        assertThat(out).contains("(not valid JSON: telemetry is off until you choose again)")
                .contains("Telemetry: disabled for this shell (decided by config file that cannot be read");
        assertThat(err.lines()).hasSize(1);
        assertThat(err).contains("not valid JSON").contains("--enable");
        assertThat(Files.readString(gatsby.resolve("config.json"))).isEqualTo("{nope");
    }

    @Test
    void homeIsUsedWithoutXdg() throws IOException {
        env.remove("XDG_CONFIG_HOME");
        assertThat(run("telemetry", "--disable")).isZero();
        assertThat(tmp.resolve("home/.config/gatsby-telemetry-agent/config.json")).exists();
    }
}
