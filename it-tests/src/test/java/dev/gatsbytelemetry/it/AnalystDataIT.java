package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.EventAssertions.assertCommonFields;
import static dev.gatsbytelemetry.it.EventAssertions.assertStage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatsbytelemetry.it.LoopbackCollector.Behaviour;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What issue 16 asks the data to answer, on a tool of our own launched with {@code -cp} from a jar
 * that names itself (manifest {@code Implementation-Title: toolbox}), which catches its exceptions
 * like most CLIs do, loads a plugin jar in its own class loader, calls a stage through an overload
 * chain, and has a long-running command.
 */
class AnalystDataIT {

    private static final String TOOL = """
            package fixture;

            import java.net.URL;
            import java.net.URLClassLoader;
            import java.nio.file.Path;
            import java.util.logging.Level;
            import java.util.logging.Logger;

            public class Tool {
                static ClassLoader plugins;

                public static void main(String[] args) throws Exception {
                    switch (args[0]) {
                        case "load":
                            System.out.println("loaded " + new Loader().load("site.conf"));
                            break;
                        case "plugin":
                            try {
                                runPlugin(Path.of(args[1]));
                            } catch (RuntimeException e) {
                                e.printStackTrace();
                                System.exit(3);
                            }
                            break;
                        case "log":
                            try {
                                Loader.failing();
                            } catch (IllegalStateException e) {
                                Logger.getLogger("tool").log(Level.parse(args[1]), "could not read the config", e);
                            }
                            System.out.println("done");
                            break;
                        case "quiet":
                            try {
                                Loader.failing();
                            } catch (IllegalStateException e) {
                                System.err.println("error: " + e.getMessage());
                                System.exit(2);
                            }
                            break;
                        case "develop":
                            new Loader().load("site.conf");
                            System.out.println("ready");
                            Thread.sleep(120_000);
                            break;
                        default:
                            System.exit(64);
                    }
                }

                static void runPlugin(Path jar) throws Exception {
                    plugins = new URLClassLoader("plugins", new URL[] {jar.toUri().toURL()}, Tool.class.getClassLoader());
                    Runnable plugin = (Runnable) plugins.loadClass("org.example.rss.RssPlugin")
                            .getDeclaredConstructor().newInstance();
                    plugin.run();
                }
            }

            class Loader {
                String load(String name) {
                    return load(Path.of(name), 0);
                }

                String load(Path path, int depth) {
                    return depth < 3 ? load(path, depth + 1) : path.toString();
                }

                static void failing() {
                    throw new IllegalStateException("missing key 'url' in /home/alice/site.conf");
                }
            }
            """;

    private static final String PLUGIN = """
            package org.example.rss;

            public class RssPlugin implements Runnable {
                public void run() {
                    render();
                }

                private void render() {
                    throw new IllegalStateException("feed template missing");
                }
            }
            """;

    /** A tool that parses its command line with commons-cli and logs through Log4j 2, as many CLIs do. */
    private static final String CLI_TOOL = """
            package fixture;

            import org.apache.commons.cli.CommandLine;
            import org.apache.commons.cli.DefaultParser;
            import org.apache.commons.cli.Options;
            import org.apache.commons.cli.ParseException;
            import org.apache.logging.log4j.LogManager;
            import org.apache.logging.log4j.Logger;

            public class CliTool {
                private static final Logger LOG = LogManager.getLogger(CliTool.class);

                public static void main(String[] args) {
                    Options options = new Options();
                    options.addOption("v", "verbose", false, "more output");
                    CommandLine line;
                    try {
                        line = new DefaultParser().parse(options, args);
                    } catch (ParseException e) {
                        System.err.println("usage: clitool [-v] <command>");
                        System.exit(2);
                        return;
                    }
                    String[] words = line.getArgs();
                    switch (words.length > 0 ? words[0] : "") {
                        case "log":
                            try {
                                Sync.fetch(0);
                            } catch (IllegalStateException e) {
                                LOG.error("sync failed", e);
                            }
                            break;
                        case "warn":
                            try {
                                Sync.fetch(0);
                            } catch (IllegalStateException e) {
                                LOG.warn("sync failed, retrying later", e);
                            }
                            break;
                        case "retry":
                            // each failure printed twice, as tools that log and then print do
                            for (int i = 0; i < Integer.parseInt(words[1]); i++) {
                                try {
                                    Sync.fetch(i);
                                } catch (IllegalStateException e) {
                                    e.printStackTrace();
                                    e.printStackTrace();
                                }
                            }
                            break;
                        default:
                            System.exit(64);
                    }
                    System.out.println("done");
                }
            }

            class Sync {
                static void fetch(int attempt) {
                    throw new IllegalStateException("remote refused attempt " + attempt);
                }
            }
            """;

    /** A tool that logs through SLF4J with Logback behind it (Logback's default configuration: the console). */
    private static final String LOGBACK_TOOL = """
            package fixture;

            import org.slf4j.Logger;
            import org.slf4j.LoggerFactory;

            public class LogbackTool {
                private static final Logger LOG = LoggerFactory.getLogger(LogbackTool.class);

                public static void main(String[] args) {
                    try {
                        Sync.fetch(0);
                    } catch (IllegalStateException e) {
                        if (args[0].equals("log")) {
                            LOG.error("sync failed", e);
                        } else {
                            LOG.warn("sync failed, retrying later", e);
                        }
                    }
                    System.out.println("done");
                }
            }

            class Sync {
                static void fetch(int attempt) {
                    throw new IllegalStateException("remote refused attempt " + attempt);
                }
            }
            """;

    private static final String[] STAGES = {
        "fixture.Loader#load=load config", "fixture.Loader#failing=read config", "fixture.Tool#runPlugin=plugins"};
    private static final String PLUGIN_NAME = "org.example.plugins:rss-plugin@1.2.0";

    @TempDir
    static Path build;
    private static Path toolJar;
    private static Path pluginJar;
    private static Path libraryJar;
    private static List<Path> cliToolClassPath;

    @TempDir
    Path sandbox;

    @BeforeAll
    static void buildJars() throws IOException {
        Path toolClasses = compile("tool", "fixture/Tool.java", TOOL);
        Path pluginClasses = compile("plugin", "org/example/rss/RssPlugin.java", PLUGIN);
        toolJar = jar(build.resolve("lib/toolbox.jar"), toolClasses,
                Map.of("Implementation-Title", "toolbox", "Implementation-Version", "2.5.0"), Map.of());
        pluginJar = jar(build.resolve("plugins/rss.jar"), pluginClasses, Map.of(),
                Map.of("META-INF/maven/org.example.plugins/rss-plugin/pom.properties",
                        "groupId=org.example.plugins\nartifactId=rss-plugin\nversion=1.2.0\n"));
        // a class-path library with Maven coordinates, and one without (its path must never show)
        libraryJar = jar(build.resolve("lib/feedparser-0.9.1.jar"), Files.createDirectories(build.resolve("empty")),
                Map.of(), Map.of("META-INF/maven/org.example.lib/feedparser/pom.properties",
                        "groupId=org.example.lib\nartifactId=feedparser\nversion=0.9.1\n"));
        jar(build.resolve("lib/vendored-util.jar"), build.resolve("empty"), Map.of(), Map.of());
        List<Path> libraries = List.of(jarOf(org.apache.commons.cli.DefaultParser.class),
                jarOf(org.apache.logging.log4j.LogManager.class), jarOf(org.apache.logging.log4j.core.LoggerContext.class));
        Path cliClasses = compile("clitool", "fixture/CliTool.java", CLI_TOOL, libraries);
        cliToolClassPath = new ArrayList<>(List.of(jar(build.resolve("lib/clitool.jar"), cliClasses,
                Map.of("Implementation-Title", "clitool", "Implementation-Version", "0.3.0"), Map.of())));
        cliToolClassPath.addAll(libraries);
    }

    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private JvmRun cliTool(String... args) {
        return JvmRun.mainClass(sandbox, cliToolClassPath, "fixture.CliTool", args).withAgent().debug()
                .stages("fixture.Sync#fetch=sync");
    }

    private JvmRun tool(String... args) {
        return JvmRun.mainClass(sandbox, toolJar, "fixture.Tool", args).withAgent().debug().stages(STAGES);
    }

    @Test
    void classPathLaunchIsNamedByItsJarAndAnOverloadChainIsOneCall() {
        RunResult run = tool("load").run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertCommonFields(run, "load");
        EventAssertions.assertStartAndEnd(run, "LOAD");
        EventAssertions.assertNoErrorEvents(run);
        for (JsonNode event : run.events()) {
            assertThat(event.path("componentId").asText()).as("%s", event).isEqualTo("toolbox");
            assertThat(event.path("componentVersion").asText()).as("%s", event).isEqualTo("2.5.0");
        }
        JsonNode end = run.event("CLI_COMMAND_LOAD_END");
        assertStage(end, "load config", 1, 0);
        JsonNode stage = end.path("stages").path("load config");
        assertThat(stage.path("sum").asDouble()).isEqualTo(stage.path("total").asDouble());
        assertThat(stage.path("median").asDouble()).isEqualTo(stage.path("min").asDouble());
        assertThat(stage.path("stdDev").asDouble(-1)).isZero();
    }

    @Test
    void aPluginThatThrowsInItsOwnClassLoaderIsNamedByTheCaughtErrorAndListedInTheMetadata() {
        RunResult run = tool("plugin", pluginJar.toString()).run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
        assertThat(run.stderr()).as("the tool's own output is unchanged")
                .contains("java.lang.IllegalStateException: feed template missing", "at org.example.rss.RssPlugin.render");
        assertThat(run.eventTypes()).as(run.describe()).containsExactly("CLI_RAW_COMMAND_PLUGIN",
                "CLI_ERROR_CAUGHT_EXCEPTION", "CLI_COMMAND_METADATA", "CLI_COMMAND_PLUGIN_END");
        JsonNode error = run.event("CLI_ERROR_CAUGHT_EXCEPTION");
        assertThat(error.path("errorKind").asText()).isEqualTo("CAUGHT_EXCEPTION");
        assertThat(error.path("exceptionType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.path("stage").asText()).isEqualTo("plugins");
        assertThat(error.path("plugin").asText()).isEqualTo(PLUGIN_NAME);
        assertThat(error.path("mainThread").asBoolean()).isTrue();
        assertThat(error.path("errorV2").path("context").path("reportedBy").asText()).isEqualTo("printStackTrace");
        assertThat(error.path("errorV2").path("stack").asText()).contains("at org.example.rss.RssPlugin.render");
        List<String> plugins = new ArrayList<>();
        run.event("CLI_COMMAND_METADATA").path("plugins").forEach(p -> plugins.add(p.asText()));
        assertThat(plugins).contains(PLUGIN_NAME).noneMatch(p -> p.contains("/") || p.startsWith("toolbox"));
        assertStage(run.event("CLI_COMMAND_PLUGIN_END"), "plugins", 1, 1);
    }

    @Test
    void anExceptionLoggedAtSevereIsReportedOnceAndAWarningIsNot() {
        RunResult severe = tool("log", "SEVERE").run();
        RunResult warning = tool("log", "WARNING").run();

        assertThat(severe.exitCode()).as(severe.describe()).isZero();
        assertThat(severe.stdout()).contains("done");
        assertThat(severe.events("CLI_ERROR_CAUGHT_EXCEPTION")).as(severe.describe()).hasSize(1);
        JsonNode error = severe.event("CLI_ERROR_CAUGHT_EXCEPTION");
        assertThat(error.path("stage").asText()).isEqualTo("read config");
        assertThat(error.path("plugin").isNull()).as("the tool's own code threw: %s", error).isTrue();
        assertThat(error.path("errorV2").path("context").path("reportedBy").asText()).isEqualTo("log");
        assertThat(error.path("errorV2").path("text").asText()).contains("missing key 'url'")
                .doesNotContain("/home/alice");
        EventAssertions.assertNoErrorEvents(warning);
        assertThat(warning.exitCode()).isZero();
    }

    @Test
    void anExceptionTheToolCaughtIsReportedWhenTheRunFails() {
        RunResult run = tool("quiet").run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.stderrLines()).contains("error: missing key 'url' in /home/alice/site.conf");
        JsonNode error = run.event("CLI_ERROR_CAUGHT_EXCEPTION");
        assertThat(error.path("stage").asText()).isEqualTo("read config");
        assertThat(error.path("errorV2").path("context").path("reportedBy").asText()).isEqualTo("exitCode");
        JsonNode end = run.event("CLI_COMMAND_QUIET_END");
        assertThat(end.path("exitCode").asInt()).isEqualTo(2);
        assertStage(end, "read config", 1, 1);
    }

    @Test
    void aLongCommandKilledWithSigkillHasAlreadySentItsHeartbeat() throws Exception {
        try (LoopbackCollector collector = new LoopbackCollector()) {
            JvmRun.Running develop = JvmRun.mainClass(sandbox, toolJar, "fixture.Tool", "develop").withAgent()
                    .stages(STAGES)
                    .sendingEveryRunTo(collector.endpoint(Behaviour.HEALTHY))
                    .env("GATSBY_TELEMETRY_HEARTBEAT_SECONDS", "1")
                    .start();
            develop.awaitStdout("ready");
            JsonNode heartbeat = collector.awaitEvent("CLI_COMMAND_DEVELOP_HEARTBEAT");
            develop.process().toHandle().destroyForcibly();
            RunResult run = develop.awaitExit();

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(137);
            assertThat(heartbeat).as("a heartbeat reached the collector before the kill").isNotNull();
            EventSchema.check(heartbeat.toString());
            assertThat(heartbeat.path("duration").asLong(-1)).isPositive();
            assertStage(heartbeat, "load config", 1, 0);
            assertThat(collector.requests().stream().flatMap(r -> r.events().stream())
                    .map(e -> e.path("eventType").asText())).contains("CLI_RAW_COMMAND_DEVELOP")
                    .doesNotContain("CLI_COMMAND_DEVELOP_END");
        }
    }

    @Test
    void classPathJarsWithMavenCoordinatesAreListedUnlessTurnedOff() {
        List<Path> classPath = List.of(toolJar, libraryJar, build.resolve("lib/vendored-util.jar"));
        RunResult listed = JvmRun.mainClass(sandbox, classPath, "fixture.Tool", "load").withAgent().debug()
                .stages(STAGES).run();
        RunResult off = JvmRun.mainClass(sandbox, classPath, "fixture.Tool", "load").withAgent().debug()
                .stages(STAGES).env("GATSBY_TELEMETRY_CLASS_PATH_PLUGINS", "false").run();

        assertThat(listed.exitCode()).as(listed.describe()).isZero();
        JsonNode metadata = listed.event("CLI_COMMAND_METADATA");
        assertThat(metadata.path("classPathSize").asInt()).isEqualTo(3);
        assertThat(texts(metadata.path("plugins"))).as("%s", metadata)
                .containsExactly("org.example.lib:feedparser@0.9.1");
        assertThat(off.exitCode()).as(off.describe()).isZero();
        assertThat(texts(off.event("CLI_COMMAND_METADATA").path("plugins"))).as("class-path part off").isEmpty();
        assertThat(off.event("CLI_COMMAND_LOAD_END").path("componentId").asText()).isEqualTo("toolbox");
    }

    @Test
    void aHeartbeatIsSpooledSoAKilledCommandsDataReachesTheCollectorOnALaterRun() throws Exception {
        try (LoopbackCollector collector = new LoopbackCollector()) {
            String endpoint = collector.endpoint(Behaviour.HEALTHY);
            // a first run delivers (verbose sends at once): the runs within the next hour only spool
            RunResult first = JvmRun.mainClass(sandbox, toolJar, "fixture.Tool", "load").withAgent().stages(STAGES)
                    .env("GATSBY_TELEMETRY_API", endpoint).env("GATSBY_TELEMETRY_VERBOSE", "1")
                    .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "5000")
                    .env("GATSBY_TELEMETRY_SEND_INTERVAL_MINUTES", "60").run();
            assertThat(first.exitCode()).as(first.describe()).isZero();
            int requests = collector.requests().size();
            assertThat(requests).as("the first run delivered: %s", first.describe()).isPositive();

            JvmRun developRun = JvmRun.mainClass(sandbox, toolJar, "fixture.Tool", "develop").withAgent()
                    .stages(STAGES).env("GATSBY_TELEMETRY_API", endpoint)
                    .env("GATSBY_TELEMETRY_SEND_INTERVAL_MINUTES", "60")
                    .env("GATSBY_TELEMETRY_HEARTBEAT_SECONDS", "1");
            Path spool = developRun.home().resolve(".config/gatsby-telemetry-agent/events");
            JvmRun.Running develop = developRun.start();
            develop.awaitStdout("ready");
            String spooled = null;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (spooled == null && System.nanoTime() < deadline) {
                spooled = spooledHeartbeat(spool);
                Thread.sleep(100);
            }
            develop.process().toHandle().destroyForcibly();
            RunResult killed = develop.awaitExit();
            assertThat(killed.exitCode()).as(killed.describe()).isEqualTo(137);
            assertThat(spooled).as("a heartbeat in the spool before the kill, under %s", spool).isNotNull();
            assertThat(collector.requests()).as("the killed run only spooled").hasSize(requests);

            RunResult later = JvmRun.mainClass(sandbox, toolJar, "fixture.Tool", "load").withAgent().stages(STAGES)
                    .env("GATSBY_TELEMETRY_API", endpoint).env("GATSBY_TELEMETRY_VERBOSE", "1")
                    .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "5000").run();

            assertThat(later.exitCode()).as(later.describe()).isZero();
            List<JsonNode> heartbeats = collector.requests().stream().flatMap(r -> r.events().stream())
                    .filter(e -> e.path("eventType").asText().equals("CLI_COMMAND_DEVELOP_HEARTBEAT")).toList();
            assertThat(heartbeats).as("the killed run's heartbeats, delivered by the later run; received %s%n%s",
                    collector.requests().stream().flatMap(r -> r.events().stream())
                            .map(e -> e.path("eventType").asText()).toList(), later.describe()).isNotEmpty();
            assertThat(heartbeats.stream().map(e -> e.path("eventId").asText()).distinct()).hasSize(heartbeats.size());
            assertStage(heartbeats.get(0), "load config", 1, 0);
            assertThat(heartbeats.get(0).path("sessionId").asText())
                    .isNotEqualTo(later.event("CLI_COMMAND_LOAD_END").path("sessionId").asText());
        }
    }

    @Test
    void aCommonsCliParseErrorTheToolHandlesIsAParameterErrorWithoutTheArguments() {
        RunResult run = cliTool("--bogus-flag=secret-value", "log").run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.stderrLines()).contains("usage: clitool [-v] <command>");
        assertThat(run.events("CLI_ERROR_PARAMETER_ERROR")).as(run.describe()).hasSize(1);
        JsonNode error = run.event("CLI_ERROR_PARAMETER_ERROR");
        assertThat(error.path("exceptionType").asText()).isEqualTo("org.apache.commons.cli.UnrecognizedOptionException");
        assertThat(error.path("errorV2").path("context").path("reportedBy").asText()).isEqualTo("exitCode");
        assertThat(error.toString()).as("no argument's value leaves").doesNotContain("secret-value", "bogus-flag");
        assertThat(error.path("plugin").asText()).as("commons-cli's code threw").contains("commons-cli").contains("1.9.0");
        assertThat(run.event("CLI_COMMAND_METADATA").path("plugins").toString()).contains("commons-cli");
    }

    @Test
    void anExceptionLoggedAtErrorThroughLog4j2IsReportedOnceAndAWarningIsNot() {
        RunResult error = cliTool("log").run();
        RunResult warning = cliTool("warn").run();

        assertThat(error.exitCode()).as(error.describe()).isZero();
        assertThat(error.stdout()).contains("sync failed", "done");
        assertThat(error.events("CLI_ERROR_CAUGHT_EXCEPTION")).as(error.describe()).hasSize(1);
        JsonNode event = error.event("CLI_ERROR_CAUGHT_EXCEPTION");
        assertThat(event.path("stage").asText()).isEqualTo("sync");
        assertThat(event.path("errorV2").path("context").path("reportedBy").asText()).isEqualTo("log");
        assertThat(event.path("plugin").isNull()).as("the tool's own code threw: %s", event).isTrue();
        assertThat(event.path("componentId").asText()).isEqualTo("clitool");
        assertThat(warning.exitCode()).as(warning.describe()).isZero();
        EventAssertions.assertNoErrorEvents(warning);
    }

    @Test
    void anExceptionLoggedAtErrorThroughSlf4jAndLogbackIsReportedOnceAndAWarningIsNot() throws Exception {
        List<Path> logback = LocalRepository.classPath(build, "ch.qos.logback", "logback-classic", "1.5.18");
        Path classes = compile("logbacktool", "fixture/LogbackTool.java", LOGBACK_TOOL, logback);
        List<Path> classPath = new ArrayList<>(List.of(jar(build.resolve("lib/logbacktool.jar"), classes,
                Map.of("Implementation-Title", "logbacktool", "Implementation-Version", "0.1.0"), Map.of())));
        classPath.addAll(logback);

        RunResult error = JvmRun.mainClass(sandbox, classPath, "fixture.LogbackTool", "log").withAgent().debug()
                .stages("fixture.Sync#fetch=sync").run();
        RunResult warning = JvmRun.mainClass(sandbox, classPath, "fixture.LogbackTool", "warn").withAgent().debug()
                .stages("fixture.Sync#fetch=sync").run();

        assertThat(error.exitCode()).as(error.describe()).isZero();
        assertThat(error.stdout()).as("Logback's own output is unchanged").contains("ERROR", "sync failed", "done");
        assertThat(error.events("CLI_ERROR_CAUGHT_EXCEPTION")).as(error.describe()).hasSize(1);
        JsonNode event = error.event("CLI_ERROR_CAUGHT_EXCEPTION");
        assertThat(event.path("stage").asText()).isEqualTo("sync");
        assertThat(event.path("errorV2").path("context").path("reportedBy").asText()).isEqualTo("log");
        assertThat(event.path("componentId").asText()).isEqualTo("logbacktool");
        assertThat(warning.exitCode()).as(warning.describe()).isZero();
        assertThat(warning.stdout()).contains("WARN", "retrying later");
        EventAssertions.assertNoErrorEvents(warning);
    }

    @Test
    void eachThrowableIsReportedOnceAndARunReportsABoundedNumber() {
        RunResult few = cliTool("retry", "3").run();
        RunResult many = cliTool("retry", "12").run();

        assertThat(few.exitCode()).as(few.describe()).isZero();
        assertThat(few.stderr()).as("the tool's output is unchanged").contains("remote refused attempt 2");
        assertThat(few.events("CLI_ERROR_CAUGHT_EXCEPTION")).as("three throwables, each printed twice: %s",
                few.describe()).hasSize(3);
        assertStage(few.event("CLI_COMMAND_RETRY_END"), "sync", 3, 3);
        assertThat(many.exitCode()).as(many.describe()).isZero();
        List<JsonNode> reported = many.events("CLI_ERROR_CAUGHT_EXCEPTION");
        assertThat(reported).as(many.describe()).hasSize(8);
        assertThat(reported.stream().map(e -> e.path("eventId").asText()).distinct()).hasSize(8);
        assertStage(many.event("CLI_COMMAND_RETRY_END"), "sync", 12, 12);
    }

    /** The first spooled batch holding a develop heartbeat, or null. */
    private static String spooledHeartbeat(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) {
            return null;
        }
        try (Stream<Path> files = Files.list(spool)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("batch-")).toList()) {
                try {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    if (text.contains("CLI_COMMAND_DEVELOP_HEARTBEAT")) {
                        return text;
                    }
                } catch (IOException e) {
                    // claimed and moved meanwhile: look again
                }
            }
        }
        return null;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    private static Path compile(String name, String relativePath, String source) throws IOException {
        return compile(name, relativePath, source, List.of());
    }

    private static Path compile(String name, String relativePath, String source, List<Path> classPath)
            throws IOException {
        Path file = build.resolve(name + "-src/" + relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source, StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(build.resolve(name + "-classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("a JDK (not a JRE) runs the tests").isNotNull();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
        if (!classPath.isEmpty()) {
            arguments.addAll(List.of("-cp", classPath.stream().map(Path::toString)
                    .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator))));
        }
        arguments.add(file.toString());
        int status = compiler.run(null, diagnostics, diagnostics, arguments.toArray(new String[0]));
        assertThat(status).as("javac:%n%s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        return classes;
    }

    private static Path jar(Path jar, Path classes, Map<String, String> attributes, Map<String, String> extra)
            throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path path : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
            for (Map.Entry<String, String> entry : extra.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
