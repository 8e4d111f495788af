package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.EventAssertions.assertCommonFields;
import static dev.gatsbytelemetry.it.EventAssertions.assertStage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generic hardening for "zero-code on real tools": apps that bring their own exception handlers,
 * virtual threads, single-source-file launches, the agent given twice, another Byte Buddy agent in
 * the same JVM, and configuration faults. Every fixture is compiled by the test and run with the
 * agent in debug mode; where it matters, the same fixture without the agent is the reference for
 * "the app runs unchanged".
 */
class HardeningIT {

    private static final String ERROR_EVENT = "CLI_ERROR_UNCAUGHT_EXCEPTION";

    /** Installs its own default handler in {@code main}, long after the agent started; then a thread dies. */
    private static final String DEFAULT_HANDLER = """
            package fixture;

            public class DefaultHandler {
                public static void main(String[] args) throws Exception {
                    Thread.setDefaultUncaughtExceptionHandler((thread, error) ->
                            System.out.println("app default handler: " + thread.getName() + ": " + error.getMessage()));
                    Thread worker = new Thread(() -> {
                        throw new IllegalStateException("worker failed");
                    }, "worker-1");
                    worker.start();
                    worker.join();
                    System.out.println("main done");
                }
            }
            """;

    /** A per-thread handler on the thread that dies; a default handler that must therefore not run. */
    private static final String THREAD_HANDLER = """
            package fixture;

            public class ThreadHandler {
                public static void main(String[] args) throws Exception {
                    Thread.setDefaultUncaughtExceptionHandler((thread, error) ->
                            System.out.println("default handler must not run for " + thread.getName()));
                    Thread worker = new Thread(() -> {
                        throw new IllegalArgumentException("per-thread failed");
                    }, "worker-2");
                    worker.setUncaughtExceptionHandler((thread, error) ->
                            System.out.println("thread handler: " + thread.getName() + ": " + error.getMessage()));
                    worker.start();
                    worker.join();
                    System.out.println("main done");
                }
            }
            """;

    private static final int VIRTUAL_THREADS_THAT_DIE = 3;

    private static final String VIRTUAL = """
            package fixture;

            import java.util.ArrayList;
            import java.util.List;

            public class Virtual {
                public static void main(String[] args) throws Exception {
                    List<Thread> threads = new ArrayList<>();
                    for (int i = 0; i < %d; i++) {
                        int n = i;
                        threads.add(Thread.ofVirtual().name("vt-" + i).start(() -> {
                            throw new IllegalStateException("virtual " + n);
                        }));
                    }
                    for (Thread thread : threads) {
                        thread.join();
                    }
                    Thread ok = Thread.ofVirtual().name("vt-ok").start(() -> System.out.println("virtual ok"));
                    ok.join();
                    System.out.println("main done");
                }
            }
            """.formatted(VIRTUAL_THREADS_THAT_DIE);

    /**
     * Calls {@code Greeter#greet} three times (using an {@code ArrayList}, and loading
     * {@code Exchanger}, a JDK class nothing loads before {@code main}); exits with {@code args[1]} if given.
     */
    private static final String GREET = """
            package fixture;

            import java.util.ArrayList;
            import java.util.List;

            public class Greet {
                public static void main(String[] args) {
                    List<String> names = new ArrayList<>();
                    names.add("ada");
                    names.add("bob");
                    names.add("cy");
                    new java.util.concurrent.Exchanger<String>();
                    Greeter greeter = new Greeter();
                    for (String name : names) {
                        System.out.println(greeter.greet(name));
                    }
                    if (args.length > 1) {
                        System.exit(Integer.parseInt(args[1]));
                    }
                }
            }
            """;

    private static final String GREETER = """
            package fixture;

            public class Greeter {
                public String greet(String name) {
                    return "hello " + name;
                }
            }
            """;

    private static final String GREET_STAGE = "fixture.Greeter#greet";
    private static final String GREET_STAGE_NAME = "Greeter#greet";
    private static final String GREET_STDOUT = "hello ada\nhello bob\nhello cy\n";

    private static final String SINGLE_SOURCE_APP = """
            public class App {
                /** The command this tool knows: the agent reports only words the tool's code holds. */
                static final String BUILD = "build";

                public static void main(String[] args) {
                    System.out.println(new Worker().work() + " for " + String.join(" ", args));
                }
            }

            class Worker {
                String work() {
                    return "worked";
                }
            }
            """;

    /** A second, unrelated agent built on Byte Buddy's {@code AgentBuilder} and {@code Advice}. */
    private static final String OTHER_AGENT = """
            package otheragent;

            import static net.bytebuddy.matcher.ElementMatchers.named;

            import java.lang.instrument.Instrumentation;
            import net.bytebuddy.agent.builder.AgentBuilder;
            import net.bytebuddy.asm.Advice;

            public class MarkerAgent {
                public static void premain(String arguments, Instrumentation instrumentation) {
                    new AgentBuilder.Default()
                            .with(AgentBuilder.Listener.StreamWriting.toSystemError().withErrorsOnly())
                            .type(named("fixture.Greeter"))
                            .transform((builder, type, loader, module, domain) ->
                                    builder.visit(Advice.to(MarkerAdvice.class).on(named("greet"))))
                            .installOn(instrumentation);
                }
            }
            """;

    private static final String OTHER_AGENT_ADVICE = """
            package otheragent;

            import net.bytebuddy.asm.Advice;

            public class MarkerAdvice {
                @Advice.OnMethodEnter
                public static void enter(@Advice.Argument(0) String name) {
                    System.out.println("other agent saw greet(" + name + ")");
                }
            }
            """;

    @TempDir
    Path sandbox;

    private Path classes;

    @BeforeEach
    void compileFixtures() {
        classes = Fixtures.compile(sandbox, "app", Map.of(
                "fixture.DefaultHandler", DEFAULT_HANDLER,
                "fixture.ThreadHandler", THREAD_HANDLER,
                "fixture.Greet", GREET,
                "fixture.Greeter", GREETER));
    }

    private JvmRun app(String mainClass, String... args) {
        return JvmRun.mainClass(sandbox, classes, mainClass, args);
    }

    // ---------------------------------------------------------------- the app's own handlers

    @Test
    void defaultHandlerInstalledByTheAppAfterStartStillRunsAndTheErrorIsReportedOnce() {
        RunResult without = app("fixture.DefaultHandler", "run").run();
        RunResult run = app("fixture.DefaultHandler", "run").withAgent().debug().run();

        assertThat(run.exitCode()).as(run.describe()).isZero().isEqualTo(without.exitCode());
        assertThat(run.stdout()).as(run.describe()).isEqualTo(without.stdout())
                .isEqualTo("app default handler: worker-1: worker failed\nmain done\n");
        assertThat(appStderr(run)).as("the app's handler replaces the JVM's printing, agent or not")
                .isEqualTo(without.stderrLines()).isEmpty();
        assertCommonFields(run, "run");
        EventAssertions.assertStartAndEnd(run, "RUN");
        JsonNode error = run.event(ERROR_EVENT);
        assertThat(error.path("exceptionType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.path("mainThread").asBoolean(true)).as("%s", error).isFalse();
        assertThat(error.path("stage").isNull()).as("no stage in %s", error).isTrue();
        assertThat(run.event("CLI_COMMAND_RUN_END").path("exitCode").asInt(-1)).isZero();
    }

    @Test
    void perThreadHandlerStillRunsAndTheErrorIsReportedOnce() {
        RunResult without = app("fixture.ThreadHandler", "run").run();
        RunResult run = app("fixture.ThreadHandler", "run").withAgent().debug().run();

        assertThat(run.exitCode()).as(run.describe()).isZero().isEqualTo(without.exitCode());
        assertThat(run.stdout()).as(run.describe()).isEqualTo(without.stdout())
                .isEqualTo("thread handler: worker-2: per-thread failed\nmain done\n");
        assertThat(appStderr(run)).isEqualTo(without.stderrLines()).isEmpty();
        assertCommonFields(run, "run");
        EventAssertions.assertStartAndEnd(run, "RUN");
        JsonNode error = run.event(ERROR_EVENT);
        assertThat(error.path("exceptionType").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(error.path("mainThread").asBoolean(true)).as("%s", error).isFalse();
    }

    @Test
    void everyDyingVirtualThreadIsReportedAndTheJvmStillPrintsIt() {
        int feature = Fixtures.childJavaFeature();
        Assumptions.assumeTrue(feature >= 21, "virtual threads need JDK 21+; the child JVM is " + feature);
        Path virtualClasses = Fixtures.compile(sandbox, "virtual", 21, Map.of("fixture.Virtual", VIRTUAL), List.of());

        RunResult without = JvmRun.mainClass(sandbox, virtualClasses, "fixture.Virtual", "run").run();
        RunResult run = JvmRun.mainClass(sandbox, virtualClasses, "fixture.Virtual", "run").withAgent().debug().run();

        assertThat(run.exitCode()).as(run.describe()).isZero().isEqualTo(without.exitCode());
        assertThat(run.stdout()).as(run.describe()).isEqualTo(without.stdout()).isEqualTo("virtual ok\nmain done\n");
        for (int i = 0; i < VIRTUAL_THREADS_THAT_DIE; i++) {
            assertThat(run.stderr()).as("default printing of vt-%d in%n%s", i, run.describe())
                    .contains("Exception in thread \"vt-" + i + "\"")
                    .contains("java.lang.IllegalStateException: virtual " + i);
        }
        assertCommonFields(run, "run");
        EventAssertions.assertStartAndEnd(run, "RUN");
        List<JsonNode> errors = run.events(ERROR_EVENT);
        assertThat(errors).as(run.describe()).hasSize(VIRTUAL_THREADS_THAT_DIE);
        for (JsonNode error : errors) {
            assertThat(error.path("exceptionType").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(error.path("mainThread").asBoolean(true)).as("%s", error).isFalse();
        }
        assertThat(errors.stream().map(e -> e.at("/errorV2/text").asText()))
                .as("one event per thread, not one thread reported thrice")
                .containsExactlyInAnyOrder("java.lang.IllegalStateException: virtual 0",
                        "java.lang.IllegalStateException: virtual 1", "java.lang.IllegalStateException: virtual 2");
    }

    /**
     * A maintainer's AOT-cache training run (JDK 25) with the agent attached, then a run with the
     * cache. Two failures this guards: the agent retransformed java.lang.Thread during training and
     * the JVM crashed writing the cache (SIGSEGV in SystemDictionaryShared::serialize_vm_classes), so
     * it now stays off in archive-creating JVMs; and with the cache the JVM loads the application's
     * classes before premain, so they never passed the transformer and runs had no events at all,
     * so such classes are now retransformed at startup.
     */
    @Test
    void aotCacheTrainingWithTheAgentCompletesAndRunsWithTheCacheAreStillObserved() throws Exception {
        int feature = Fixtures.childJavaFeature();
        Assumptions.assumeTrue(feature >= 25, "-XX:AOTCacheOutput needs JDK 25+; the child JVM is " + feature);
        SampleSite.scaffold(sandbox, "site", 4);
        Path cache = sandbox.resolve("app.aot");

        RunResult training = JvmRun.sampleApp(sandbox, "build", "--dir", "site").withAgent().debug()
                .stages(SampleSite.ALL_STAGES).jvmOption("-XX:AOTCacheOutput=" + cache).run();

        assertThat(training.exitCode()).as(training.describe()).isZero();
        // the JVM reports on the AOT cache on stdout
        assertThat(training.stdout()).as(training.describe()).startsWith("Built 4 pages")
                .contains("AOTCache creation is complete");
        assertThat(training.stdout() + training.stderr()).as(training.describe())
                .contains("telemetry is off while this JVM creates a class-data archive (-XX:AOTCacheOutput)")
                .doesNotContain("fatal error")
                .doesNotContain("Captured event");
        assertThat(cache).isRegularFile();

        RunResult run = JvmRun.sampleApp(sandbox, "build", "--dir", "site").withAgent().debug()
                .stages(SampleSite.ALL_STAGES).jvmOption("-XX:AOTCache=" + cache).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).isEqualTo("Built 4 pages in public/\n");
        assertThat(run.stderr()).as(run.describe()).doesNotContain("[error][aot]")
                .contains("loaded before the agent started (AOT cache)");
        EventAssertions.assertStartAndEnd(run, "BUILD");
        JsonNode end = run.event("CLI_COMMAND_BUILD_END");
        assertThat(end.path("stages").size()).as("stages in %s", end).isEqualTo(5);
        assertStage(end, SampleSite.RENDER_NAME, 4, 0);
    }

    // ---------------------------------------------------------------- launch modes

    @Test
    void singleSourceFileLaunchIsACommandWithStages() throws IOException {
        Path source = Files.createDirectories(sandbox.resolve("single")).resolve("App.java");
        Files.writeString(source, SINGLE_SOURCE_APP, StandardCharsets.UTF_8);

        RunResult without = JvmRun.sourceFile(sandbox, source, "build").run();
        RunResult run = JvmRun.sourceFile(sandbox, source, "build").withAgent().debug().stages("Worker#work").run();

        assertThat(run.exitCode()).as(run.describe()).isZero().isEqualTo(without.exitCode());
        assertThat(run.stdout()).as(run.describe()).isEqualTo(without.stdout()).isEqualTo("worked for build\n");
        assertCommonFields(run, "build");
        EventAssertions.assertStartAndEnd(run, "BUILD");
        EventAssertions.assertNoErrorEvents(run);
        JsonNode end = run.event("CLI_COMMAND_BUILD_END");
        assertThat(end.path("exitCode").asInt(-1)).isZero();
        assertThat(end.path("exitReason").asText()).isEqualTo("return");
        assertStage(end, "Worker#work", 1, 0);
        assertThat(end.path("stages").size()).as("stages in %s", end).isEqualTo(1);
    }

    /**
     * {@code java -cp classes fixture.Greet greet 0 tool.jar}: the launcher's {@code sun.java.command}
     * is {@code fixture.Greet greet 0 tool.jar}; an argument that ends in {@code .jar} must not be
     * taken for the launched jar (it once was, and the run produced no event at all).
     */
    @Test
    void mainClassWhoseLastArgumentIsAJarStillReportsTheCommand() {
        RunResult without = app("fixture.Greet", "greet", "0", "tool.jar").run();
        RunResult run = app("fixture.Greet", "greet", "0", "tool.jar").withAgent().debug().stages(GREET_STAGE).run();

        assertThat(run.exitCode()).as(run.describe()).isZero().isEqualTo(without.exitCode());
        assertThat(run.stdout()).isEqualTo(without.stdout()).isEqualTo(GREET_STDOUT);
        assertCommonFields(run, "greet");
        EventAssertions.assertStartAndEnd(run, "GREET");
        assertStage(run.event("CLI_COMMAND_GREET_END"), GREET_STAGE_NAME, 3, 0);
    }

    @Test
    void agentGivenTwiceReportsEverythingOnce() {
        RunResult run = app("fixture.Greet", "greet").withAgent().debug().stages(GREET_STAGE)
                .jvmOption("-javaagent:" + Jars.agent())
                .run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).isEqualTo(GREET_STDOUT);
        assertThat(run.stderr()).as(run.describe()).contains("already installed");
        assertCommonFields(run, "greet");
        EventAssertions.assertStartAndEnd(run, "GREET");
        EventAssertions.assertNoErrorEvents(run);
        assertThat(run.eventTypes()).as(run.describe()).doesNotHaveDuplicates();
        assertThat(run.events("CLI_COMMAND_METADATA")).hasSize(1);
        assertStage(run.event("CLI_COMMAND_GREET_END"), GREET_STAGE_NAME, 3, 0);
    }

    @ParameterizedTest(name = "other agent first: {0}")
    @ValueSource(booleans = {true, false})
    void anotherByteBuddyAgentOnTheSameMethodWorksAlongside(boolean otherFirst) throws IOException, URISyntaxException {
        Path otherAgent = buildOtherAgent();
        String ours = "-javaagent:" + Jars.agent();
        String theirs = "-javaagent:" + otherAgent;
        JvmRun jvm = app("fixture.Greet", "greet").debug().stages(GREET_STAGE)
                .jvmOption(otherFirst ? theirs : ours)
                .jvmOption(otherFirst ? ours : theirs);

        RunResult run = jvm.run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdoutLines()).as(run.describe()).containsExactly(
                "other agent saw greet(ada)", "hello ada",
                "other agent saw greet(bob)", "hello bob",
                "other agent saw greet(cy)", "hello cy");
        assertThat(run.stderr()).as(run.describe()).doesNotContain("[Byte Buddy] ERROR")
                .doesNotContain("could not instrument");
        assertCommonFields(run, "greet");
        EventAssertions.assertStartAndEnd(run, "GREET");
        EventAssertions.assertNoErrorEvents(run);
        assertStage(run.event("CLI_COMMAND_GREET_END"), GREET_STAGE_NAME, 3, 0);
    }

    /** {@code other-agent.jar} with {@code Premain-Class} and Byte Buddy beside it on its {@code Class-Path}. */
    private Path buildOtherAgent() throws IOException, URISyntaxException {
        Path byteBuddy = Path.of(net.bytebuddy.agent.builder.AgentBuilder.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI());
        Path agentDir = Files.createDirectories(sandbox.resolve("other-agent"));
        Files.copy(byteBuddy, agentDir.resolve("byte-buddy.jar"));
        Path agentClasses = Fixtures.compile(sandbox, "other-agent", 17,
                Map.of("otheragent.MarkerAgent", OTHER_AGENT, "otheragent.MarkerAdvice", OTHER_AGENT_ADVICE),
                List.of(byteBuddy));
        return Fixtures.jar(agentDir.resolve("other-agent.jar"), agentClasses, Map.of(
                "Premain-Class", "otheragent.MarkerAgent",
                "Class-Path", "byte-buddy.jar"));
    }

    // ---------------------------------------------------------------- fault injection

    /**
     * {@code java.util.ArrayList} is loaded while the JVM boots, before premain registers the
     * transformer, so the transformer never sees it: the pattern must be refused with its warning
     * when the agent starts. A JDK class loaded after premain is refused by the transformer (next test).
     */
    @Test
    void stagePatternOnAJdkClassIsRefusedWithAWarningAndTheAppRunsNormally() {
        assertJdkStagePatternIsRefused("java.util.ArrayList#add", "java.util.ArrayList");
    }

    @Test
    void stagePatternOnAJdkClassLoadedAfterStartIsRefusedWithAWarningAndTheAppRunsNormally() {
        assertJdkStagePatternIsRefused("java.util.concurrent.Exchanger#exchange", "java.util.concurrent.Exchanger");
    }

    private void assertJdkStagePatternIsRefused(String pattern, String jdkClass) {
        RunResult without = app("fixture.Greet", "greet", "5").run();
        RunResult run = app("fixture.Greet", "greet", "5").withAgent().debug().stages(pattern, GREET_STAGE).run();
        RunResult quiet = app("fixture.Greet", "greet", "5").withAgent().stages(pattern, GREET_STAGE).run();

        String warning = "gatsby-telemetry: not instrumenting " + jdkClass;
        for (RunResult r : List.of(run, quiet)) {
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(without.exitCode()).isEqualTo(5);
            assertThat(r.stdout()).as(r.describe()).isEqualTo(without.stdout()).isEqualTo(GREET_STDOUT);
            assertThat(r.stderrLines()).as(r.describe()).filteredOn(line -> line.startsWith(warning)).hasSize(1);
        }
        assertThat(quiet.stderrLines()).as("without debug mode the warning is all the agent prints:%n%s",
                quiet.describe()).hasSize(1);
        assertCommonFields(run, "greet");
        EventAssertions.assertStartAndEnd(run, "GREET");
        EventAssertions.assertNoErrorEvents(run);
        JsonNode end = run.event("CLI_COMMAND_GREET_END");
        assertThat(end.path("exitCode").asInt(-1)).isEqualTo(5);
        assertThat(end.path("stages").size()).as("only the app's stage in %s", end).isEqualTo(1);
        assertStage(end, GREET_STAGE_NAME, 3, 0);
    }

    @Test
    void configDirThatIsAFileLeavesTheAppUnchangedAndEventsUseATemporaryMachineId() throws IOException {
        Path notADirectory = Files.writeString(sandbox.resolve("xdg-is-a-file"), "not a directory\n");

        RunResult without = app("fixture.Greet", "greet", "7").env("XDG_CONFIG_HOME", notADirectory.toString()).run();
        RunResult run = app("fixture.Greet", "greet", "7").withAgent().debug().stages(GREET_STAGE)
                .env("XDG_CONFIG_HOME", notADirectory.toString()).run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(without.exitCode()).isEqualTo(7);
        assertThat(run.stdout()).isEqualTo(without.stdout()).isEqualTo(GREET_STDOUT);
        assertCommonFields(run, "greet");
        EventAssertions.assertStartAndEnd(run, "GREET");
        EventAssertions.assertNoErrorEvents(run);
        assertThat(run.events()).allSatisfy(event ->
                assertThat(event.path("machineId").asText()).startsWith("not-a-machine-id-"));
        assertThat(run.events().stream().map(e -> e.path("machineId").asText()).distinct())
                .as("one temporary id for the whole run").hasSize(1);
        JsonNode end = run.event("CLI_COMMAND_GREET_END");
        assertThat(end.path("exitCode").asInt(-1)).isEqualTo(7);
        assertStage(end, GREET_STAGE_NAME, 3, 0);
        assertThat(Files.readString(notADirectory)).as("the file is left alone").isEqualTo("not a directory\n");
    }

    /** stderr without the agent's own lines (debug events and {@code gatsby-telemetry:} messages). */
    private static List<String> appStderr(RunResult run) {
        return run.stderrLines().stream()
                .filter(line -> !line.startsWith(RunResult.EVENT_PREFIX) && !line.startsWith("gatsby-telemetry: "))
                .toList();
    }
}
