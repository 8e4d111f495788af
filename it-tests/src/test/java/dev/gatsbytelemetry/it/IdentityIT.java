package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.EventAssertions.assertCommonFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity and environment fields every event carries (issue "Events: Gatsby's full field set,
 * identity, environment"), seen from real JVMs: machine id and where it is kept, session id and its
 * inheritance by child JVMs, repository id, CI detection, tags and plugins.
 */
class IdentityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MACHINE_ID_FALLBACK = "not-a-machine-id-";

    /** Prints its arguments; exits with the second one when there is one. */
    private static final String HELLO = """
            package fixture;

            public class Hello {
                /** The commands the tests run: the agent reports only words the tool's code holds. */
                static final String[] COMMANDS = {"greet", "spawn"};

                public static void main(String[] args) {
                    System.out.println("hello " + String.join(" ", args));
                    if (args.length > 1) {
                        System.exit(Integer.parseInt(args[1]));
                    }
                }
            }
            """;

    /**
     * Starts {@code java -javaagent:<-Dfixture.agent> -cp <same> fixture.Child child} and waits for it. The
     * child's stderr goes to a file and is re-printed on the parent's stderr afterwards, line by
     * line with a prefix, so the two JVMs' lines never interleave and can be told apart. The agent's
     * path comes in a system property, not as an argument: a last argument ending in {@code .jar}
     * hides the main class from the agent (see {@code HardeningIT#mainClassWhoseLastArgumentIsAJarStillReportsTheCommand}).
     */
    private static final String PARENT = """
            package fixture;

            import java.io.File;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.Files;
            import java.nio.file.Path;

            public class Parent {
                public static void main(String[] args) throws Exception {
                    System.out.println("parent sees session variable: " + System.getenv("GATSBY_TELEMETRY_SESSION_ID"));
                    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                    ProcessBuilder builder = new ProcessBuilder(java, "-javaagent:" + System.getProperty("fixture.agent"),
                            "-cp", System.getProperty("java.class.path"), "fixture.Child", "child");
                    File childErr = new File("child-stderr.txt");
                    builder.redirectError(childErr).redirectInput(new File("/dev/null"));
                    Process child = builder.start();
                    String childOut = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    int status = child.waitFor();
                    for (String line : childOut.split("\\n")) {
                        System.out.println("child-stdout: " + line);
                    }
                    for (String line : Files.readAllLines(childErr.toPath(), StandardCharsets.UTF_8)) {
                        System.err.println("child-stderr: " + line);
                    }
                    System.out.println("child exited " + status);
                    System.exit(status);
                }
            }
            """;

    private static final String CHILD = """
            package fixture;

            public class Child {
                static final String COMMAND = "child";

                public static void main(String[] args) {
                    System.out.println("child sees session variable: " + System.getenv("GATSBY_TELEMETRY_SESSION_ID"));
                }
            }
            """;

    @TempDir
    Path sandbox;

    private Path classes;

    @BeforeEach
    void compileFixtures() {
        classes = Fixtures.compile(sandbox, "app", Map.of("fixture.Hello", HELLO, "fixture.Parent", PARENT,
                "fixture.Child", CHILD));
    }

    private JvmRun hello(String... args) {
        return JvmRun.mainClass(sandbox, classes, "fixture.Hello", args);
    }

    private RunResult helloWithAgent(String... args) {
        return hello(args).withAgent().debug().run();
    }

    // ---------------------------------------------------------------- machine id

    @Test
    void machineIdIsStableAcrossRunsAndIsTheOneInConfigJson() throws IOException {
        RunResult first = helloWithAgent("greet");
        RunResult second = helloWithAgent("greet");

        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertCommonFields(first, "greet");
        assertCommonFields(second, "greet");
        String machineId = onlyValue(first, "machineId");
        assertThat(machineId).as("a real, stored id").doesNotStartWith(MACHINE_ID_FALLBACK);
        assertThat(onlyValue(second, "machineId")).as("second run's machine id").isEqualTo(machineId);

        Path config = hello().home().resolve(".config/gatsby-telemetry-agent/config.json");
        assertThat(storedMachineId(config)).as("machineIds.<componentId> in %s", config).isEqualTo(machineId);
    }

    @Test
    void twoToolsInOneHomeReportUnrelatedMachineIds() throws IOException {
        RunResult a = hello("greet").withAgent().debug().env("GATSBY_TELEMETRY_COMPONENT", "tool-a").run();
        RunResult b = hello("greet").withAgent().debug().env("GATSBY_TELEMETRY_COMPONENT", "tool-b").run();
        RunResult a2 = hello("greet").withAgent().debug().env("GATSBY_TELEMETRY_COMPONENT", "tool-a").run();

        String idA = onlyValue(a, "machineId");
        String idB = onlyValue(b, "machineId");
        assertThat(idA).doesNotStartWith(MACHINE_ID_FALLBACK).isNotEqualTo(idB);
        assertThat(idB).doesNotStartWith(MACHINE_ID_FALLBACK);
        assertThat(onlyValue(a2, "machineId")).as("each tool keeps its own").isEqualTo(idA);
        JsonNode ids = JSON.readTree(hello().home().resolve(".config/gatsby-telemetry-agent/config.json").toFile())
                .path("machineIds");
        assertThat(ids.path("tool-a").asText()).isEqualTo(idA);
        assertThat(ids.path("tool-b").asText()).isEqualTo(idB);
    }

    @Test
    void xdgConfigHomeIsHonoured() throws IOException {
        Path xdg = sandbox.resolve("xdg");
        RunResult run = hello("greet").withAgent().debug().env("XDG_CONFIG_HOME", xdg.toString()).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        Path config = xdg.resolve("gatsby-telemetry-agent/config.json");
        assertThat(config).as("config file under XDG_CONFIG_HOME").isRegularFile();
        assertThat(storedMachineId(config)).isEqualTo(onlyValue(run, "machineId"));
        assertThat(hello().home().resolve(".config/gatsby-telemetry-agent")).as("nothing under ~/.config when XDG is set")
                .doesNotExist();
    }

    @Test
    void withoutXdgConfigHomeTheConfigLivesInUserHomeDotConfig() throws IOException {
        // user.home, not HOME, is what the JVM calls home; point it into the sandbox so the real one is never touched
        Path userHome = Files.createDirectories(sandbox.resolve("user-home"));
        JvmRun jvm = hello("greet").withAgent().debug().withoutEnv("XDG_CONFIG_HOME")
                .jvmOption("-Duser.home=" + userHome);
        assertThat(jvm.environment()).doesNotContainKey("XDG_CONFIG_HOME");

        RunResult run = jvm.run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        Path config = userHome.resolve(".config/gatsby-telemetry-agent/config.json");
        assertThat(config).as("config file under user.home/.config").isRegularFile();
        assertThat(storedMachineId(config)).isEqualTo(onlyValue(run, "machineId"));
    }

    @Test
    void unknownKeysInConfigJsonAreKeptWhenTheMachineIdIsAdded() throws IOException {
        Path config = hello().home().resolve(".config/gatsby-telemetry-agent/config.json");
        Files.createDirectories(config.getParent());
        Files.writeString(config, """
                {
                  "someOtherTool": {"answer": 42, "list": [1, "two", null]},
                  "topLevel": "kept",
                  "telemetry": {"customKey": true}
                }
                """, StandardCharsets.UTF_8);

        RunResult run = helloWithAgent("greet");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        JsonNode stored = JSON.readTree(config.toFile());
        assertThat(storedMachineId(config)).isEqualTo(onlyValue(run, "machineId"))
                .doesNotStartWith(MACHINE_ID_FALLBACK);
        assertThat(stored.at("/someOtherTool/answer").asInt()).as("%s", stored).isEqualTo(42);
        assertThat(stored.at("/someOtherTool/list").toString()).as("%s", stored).isEqualTo("[1,\"two\",null]");
        assertThat(stored.at("/topLevel").asText()).as("%s", stored).isEqualTo("kept");
        assertThat(stored.at("/telemetry/customKey").asBoolean()).as("%s", stored).isTrue();
    }

    @Test
    void corruptConfigJsonTurnsTelemetryOffAndTheAppRunsUnchanged() throws IOException {
        // fail closed: the file may have said "no" before it broke
        Path config = hello().home().resolve(".config/gatsby-telemetry-agent/config.json");
        Files.createDirectories(config.getParent());
        String corrupt = "{\"telemetry\": {\"enabled\": false, \"machineId\": \"half-written";
        Files.writeString(config, corrupt, StandardCharsets.UTF_8);

        RunResult without = hello("greet", "3").run();
        RunResult run = hello("greet", "3").withAgent().debug().run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(without.exitCode()).isEqualTo(3);
        assertThat(run.stdout()).isEqualTo(without.stdout()).isEqualTo("hello greet 3\n");
        assertThat(run.events()).as(run.describe()).isEmpty();
        assertThat(run.stderr()).contains("telemetry is disabled by config file that cannot be read")
                .contains(config + " cannot be read");
        assertThat(Files.readString(config, StandardCharsets.UTF_8)).as("the user's file is left alone").isEqualTo(corrupt);
    }

    // ---------------------------------------------------------------- session id

    @Test
    void sessionIdDiffersPerRun() {
        RunResult first = helloWithAgent("greet");
        RunResult second = helloWithAgent("greet");

        assertCommonFields(first, "greet");
        assertCommonFields(second, "greet");
        assertThat(onlyValue(first, "sessionId")).isNotEqualTo(onlyValue(second, "sessionId"));
    }

    @Test
    void childJvmStartedByTheAppInheritsTheSessionId() {
        RunResult run = JvmRun.mainClass(sandbox, classes, "fixture.Parent", "spawn")
                .jvmOption("-Dfixture.agent=" + Jars.agent()).withAgent().debug().run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdoutLines()).as(run.describe())
                .contains("parent sees session variable: null", "child exited 0");

        List<JsonNode> parentEvents = run.events().stream().filter(e -> e.path("command").asText().equals("spawn")).toList();
        List<JsonNode> childEvents = run.events().stream().filter(e -> e.path("command").asText().equals("child")).toList();
        assertThat(parentEvents).as("parent's events in%n%s", run.describe()).isNotEmpty();
        assertThat(childEvents).as("child's events in%n%s", run.describe()).isNotEmpty();
        assertThat(run.stderrLines()).as("every child event came through the child's stderr")
                .filteredOn(line -> line.startsWith("child-stderr: " + RunResult.EVENT_PREFIX))
                .hasSameSizeAs(childEvents);
        assertThat(run.eventTypes()).contains("CLI_RAW_COMMAND_SPAWN", "CLI_COMMAND_SPAWN_END", "CLI_RAW_COMMAND_CHILD", "CLI_COMMAND_CHILD_END");

        Set<String> parentSessions = values(parentEvents, "sessionId");
        Set<String> childSessions = values(childEvents, "sessionId");
        assertThat(parentSessions).hasSize(1);
        assertThat(childSessions).as("child's session ids").isEqualTo(parentSessions);
        String session = parentSessions.iterator().next();
        assertThat(run.stdoutLines()).contains("child-stdout: child sees session variable: " + session);
        // two tools (componentIds) of one user: unrelated machine ids, each kept for its tool
        assertThat(values(childEvents, "componentId")).doesNotContainAnyElementsOf(values(parentEvents, "componentId"));
        assertThat(values(childEvents, "machineId")).hasSize(1).doesNotContainAnyElementsOf(values(parentEvents, "machineId"));
        assertThat(values(childEvents, "eventId")).as("distinct events").doesNotContainAnyElementsOf(values(parentEvents, "eventId"));
    }

    // ---------------------------------------------------------------- repository id

    @Test
    void repositoryIdOutsideAGitRepositoryIsTheHashedDirectoryName() throws IOException {
        Path one = Files.createDirectories(sandbox.resolve("a/project"));
        Path two = Files.createDirectories(sandbox.resolve("b/project"));
        Path other = Files.createDirectories(sandbox.resolve("c/elsewhere"));

        String idOne = onlyValue(hello("greet").withAgent().debug().workDir(one).run(), "repositoryId");
        String idTwo = onlyValue(hello("greet").withAgent().debug().workDir(two).run(), "repositoryId");
        String idOther = onlyValue(hello("greet").withAgent().debug().workDir(other).run(), "repositoryId");

        assertThat(idOne).matches("pwd:[0-9a-f]{64}");
        assertThat(idTwo).as("only the base name counts").isEqualTo(idOne);
        assertThat(idOther).matches("pwd:[0-9a-f]{64}").isNotEqualTo(idOne);
    }

    @Test
    void repositoryIdInsideAGitRepositoryIsTheHashedRemoteWithoutCredentials() throws IOException {
        Path https = gitRepository("https-clone", "https://user:secret@github.com/acme/site.git");
        Path ssh = gitRepository("ssh-clone", "git@github.com:acme/site.git");
        Path otherRepo = gitRepository("other-clone", "git@github.com:acme/other.git");

        RunResult httpsRun = hello("greet").withAgent().debug().workDir(https.resolve("src/main")).run();
        RunResult sshRun = hello("greet").withAgent().debug().workDir(ssh).run();
        RunResult otherRun = hello("greet").withAgent().debug().workDir(otherRepo).run();

        for (RunResult run : List.of(httpsRun, sshRun, otherRun)) {
            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertCommonFields(run, "greet");
        }
        String id = onlyValue(httpsRun, "repositoryId");
        assertThat(id).as("found from a subdirectory of the work tree").matches("git:[0-9a-f]{64}");
        assertThat(onlyValue(sshRun, "repositoryId")).as("same repository over ssh").isEqualTo(id);
        assertThat(onlyValue(otherRun, "repositoryId")).matches("git:[0-9a-f]{64}").isNotEqualTo(id);

        JsonNode data = httpsRun.events().get(0).path("repositoryData");
        assertThat(data.path("provider").asText()).matches("[0-9a-f]{64}");
        assertThat(data.path("owner").asText()).matches("[0-9a-f]{64}");
        assertThat(data.path("name").asText()).matches("[0-9a-f]{64}");
        assertThat(sshRun.events().get(0).path("repositoryData")).isEqualTo(data);
        JsonNode otherData = otherRun.events().get(0).path("repositoryData");
        assertThat(otherData.path("owner")).as("same owner").isEqualTo(data.path("owner"));
        assertThat(otherData.path("name")).as("different name").isNotEqualTo(data.path("name"));

        assertThat(httpsRun.stderr()).as("the password never reaches an event").doesNotContain("secret");
        assertThat(httpsRun.stdout()).doesNotContain("secret");
        assertThat(httpsRun.stderr()).doesNotContain("acme").doesNotContain("github.com");
    }

    /** A directory with a hand-written {@code .git/config} whose origin is {@code url}. */
    private Path gitRepository(String name, String url) throws IOException {
        Path repo = Files.createDirectories(sandbox.resolve(name));
        Files.createDirectories(repo.resolve("src/main"));
        Path git = Files.createDirectories(repo.resolve(".git"));
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("config"), """
                [core]
                \trepositoryformatversion = 0
                \tbare = false
                [remote "origin"]
                \turl = %s
                \tfetch = +refs/heads/*:refs/remotes/origin/*
                [branch "main"]
                \tremote = origin
                \tmerge = refs/heads/main
                """.formatted(url));
        return repo;
    }

    // ---------------------------------------------------------------- CI

    @Test
    void githubActionsIsDetected() {
        RunResult run = hello("greet").withAgent().debug().env("GITHUB_ACTIONS", "true").env("CI", "true").run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertCommonFields(run, "greet");
        for (JsonNode event : run.events()) {
            assertThat(event.at("/osInformation/ci").isBoolean()).as("%s", event).isTrue();
            assertThat(event.at("/osInformation/ci").asBoolean()).as("%s", event).isTrue();
            assertThat(event.at("/osInformation/ciName").asText()).as("%s", event).isEqualTo("GitHub Actions");
        }
    }

    @Test
    void noCiVariablesMeansNoCi() {
        RunResult run = helloWithAgent("greet");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertCommonFields(run, "greet");
        for (JsonNode event : run.events()) {
            assertThat(event.at("/osInformation/ci").isBoolean()).as("%s", event).isTrue();
            assertThat(event.at("/osInformation/ci").asBoolean()).as("%s", event).isFalse();
            assertThat(event.path("osInformation").has("ciName")).as("ciName present in %s", event).isTrue();
            assertThat(event.at("/osInformation/ciName").isNull()).as("ciName null in %s", event).isTrue();
        }
    }

    // ---------------------------------------------------------------- tags and plugins

    @Test
    void tagsFromTheEnvironmentAreOnEveryEvent() {
        RunResult run = hello("greet").withAgent().debug().env("GATSBY_TELEMETRY_TAGS", "{\"team\":\"docs\",\"n\":2}").run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertCommonFields(run, "greet");
        EventAssertions.assertStartAndEnd(run, "GREET");
        for (JsonNode event : run.events()) {
            JsonNode tags = event.path("tags");
            assertThat(tags.path("team").asText()).as("tags of %s", event).isEqualTo("docs");
            assertThat(tags.path("n").isNumber()).as("n stays a number in %s", event).isTrue();
            assertThat(tags.path("n").asInt()).as("tags of %s", event).isEqualTo(2);
        }
    }

    @Test
    void badTagsJsonIsReportedOnceAndTheAppRunsUnchanged() {
        String bad = "{\"team\": docs";
        RunResult without = hello("greet", "4").env("GATSBY_TELEMETRY_TAGS", bad).run();
        RunResult run = hello("greet", "4").withAgent().debug().env("GATSBY_TELEMETRY_TAGS", bad).run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(without.exitCode()).isEqualTo(4);
        assertThat(run.stdout()).isEqualTo(without.stdout()).isEqualTo("hello greet 4\n");
        assertThat(run.stderrLines()).as(run.describe())
                .filteredOn(line -> line.contains("GATSBY_TELEMETRY_TAGS")).hasSize(1)
                .allSatisfy(line -> assertThat(line).startsWith("gatsby-telemetry: "));
        assertCommonFields(run, "greet");
        EventAssertions.assertStartAndEnd(run, "GREET");
        assertThat(run.events()).allSatisfy(event -> assertThat(event.has("tags") && event.path("tags").size() > 0)
                .as("no tags in %s", event).isFalse());
    }

    @Test
    void pluginJarsOnTheClassPathAreReportedAsNameAtVersion() {
        Path libs = sandbox.resolve("libs");
        Path plugin = Fixtures.jar(libs.resolve("sitegen-plugin-rss-1.2.0.jar"), null,
                Map.of("Implementation-Title", "sitegen-plugin-rss", "Implementation-Version", "1.2.0"));
        Path noVersionInManifest = Fixtures.jar(libs.resolve("sitegen-plugin-sitemap-0.9.jar"), null, Map.of());
        Path notAPlugin = Fixtures.jar(libs.resolve("commons-text-1.10.0.jar"), null,
                Map.of("Implementation-Version", "1.10.0"));

        RunResult run = JvmRun.mainClass(sandbox, List.of(classes, plugin, noVersionInManifest, notAPlugin),
                        "fixture.Hello", "greet")
                .withAgent().debug().env("GATSBY_TELEMETRY_PLUGINS", "sitegen-plugin-*").run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertCommonFields(run, "greet");
        JsonNode metadata = run.event("CLI_COMMAND_METADATA");
        List<String> plugins = JSON.convertValue(metadata.path("plugins"), JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        assertThat(plugins).as("plugins of %s", metadata)
                .containsExactlyInAnyOrder("sitegen-plugin-rss@1.2.0", "sitegen-plugin-sitemap@0.9");
        assertThat(metadata.path("classPathSize").asInt()).as("%s", metadata).isEqualTo(4);
    }

    // ---------------------------------------------------------------- helpers

    /** The one value {@code field} has on every event of the run; fails if events disagree. */
    private static String onlyValue(RunResult run, String field) {
        Set<String> values = values(run.events(), field);
        assertThat(values).as("%s on the events of%n%s", field, run.describe()).hasSize(1);
        return values.iterator().next();
    }

    private static Set<String> values(List<JsonNode> events, String field) {
        return events.stream().map(e -> e.path(field).asText()).collect(Collectors.toSet());
    }

    /** The one tool's id under {@code machineIds} (one id per componentId). */
    private static String storedMachineId(Path config) throws IOException {
        JsonNode ids = JSON.readTree(config.toFile()).path("machineIds");
        assertThat(ids.size()).as("one tool, one id: %s", ids).isEqualTo(1);
        return ids.elements().next().asText();
    }
}
