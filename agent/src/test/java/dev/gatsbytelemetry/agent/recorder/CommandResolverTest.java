package dev.gatsbytelemetry.agent.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.agent.command.CompiledTool;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.sanitizer.Sanitizer;
import dev.gatsbytelemetry.agent.sanitizer.SanitizerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.gatsbytelemetry.agent.command.KnownCommandWords;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule deciding whether a typed word may be the command, on a real compiled tool. */
class CommandResolverTest {

    @TempDir
    static Path dir;
    private static CompiledTool tool;
    private static URLClassLoader loader;
    private static Path workDir;

    @BeforeAll
    static void compile() throws IOException {
        tool = CompiledTool.compile(dir.resolve("tool"));
        loader = new URLClassLoader(new URL[] {tool.jar.toUri().toURL()}, null);
        workDir = Files.createDirectories(dir.resolve("work"));
        Files.writeString(workDir.resolve("deploy"), "a file the user named like a command");
    }

    @AfterAll
    static void close() throws IOException {
        loader.close();
    }

    private static String decide(String userName, String... args) {
        Sanitizer sanitizer = new Sanitizer(SanitizerSettings.builder().userName(userName).hostName("vm42").build());
        CommandResolver resolver = new CommandResolver(workDir.toFile(), new CommandResolver.WordSanitizer() {
            @Override
            public boolean leavesUnchanged(String word) {
                return word.equals(sanitizer.sanitizeText(word, null));
            }

            @Override
            public java.util.Map<String, String> environment() {
                return java.util.Map.of();
            }
        }, new AgentLog(new PrintStream(new ByteArrayOutputStream()), true));
        CommandName name = CommandNames.fromArguments(new Object[] {args}, Set.of(), CompiledTool.MAIN, loader);
        return name.resolve(resolver);
    }

    @Test
    void aConstantOfTheToolIsTheCommand() {
        assertThat(decide("alice", "build")).isEqualTo("build");
        assertThat(decide("alice", "update-sql", "--out", "x")).isEqualTo("update-sql");
    }

    @Test
    void anOptionsValueIsSkippedUnlessTheToolKnowsTheWord() {
        assertThat(decide("alice", "--password", "hunter2xyz", "build")).isEqualTo("build");
        assertThat(decide("alice", "--verbose", "build")).isEqualTo("build");
        assertThat(decide("alice", "--password", "hunter2xyz")).isEqualTo("other");
    }

    @Test
    void wordsTheToolDoesNotKnowAreOther() {
        assertThat(decide("alice", "hunter2xyz")).isEqualTo("other");
        assertThat(decide("alice", "rebuild")).isEqualTo("other");
        assertThat(decide("alice", "acme-payroll-2025.java")).isEqualTo("other");
    }

    @Test
    void anExistingFileIsNeverTheCommandEvenIfTheToolKnowsTheWord() {
        assertThat(decide("alice", "deploy")).isEqualTo("other");
        assertThat(decide("alice", "-f", "deploy", "build")).isEqualTo("build");
    }

    @Test
    void aWordTheSanitizerWouldChangeIsOther() {
        // a user named like the command: the sanitizer would write <user>
        assertThat(decide("update-sql", "update-sql")).isEqualTo("other");
        assertThat(decide("alice", "update-sql")).isEqualTo("update-sql");
    }

    @Test
    void theDecisionIsTakenOnceAndAnExitDeadlineThatPassedMeansOther() {
        CommandResolver resolver = new CommandResolver(workDir.toFile(), new CommandResolver.WordSanitizer() {
            @Override
            public boolean leavesUnchanged(String word) {
                return true;
            }

            @Override
            public java.util.Map<String, String> environment() {
                return java.util.Map.of();
            }
        }, new AgentLog(new PrintStream(new ByteArrayOutputStream()), false));
        resolver.finishBy(System.nanoTime() - 1);
        CommandName name = CommandNames.fromArguments(new Object[] {new String[] {"build"}}, Set.of(),
                CompiledTool.MAIN, loader);
        assertThat(name.resolve(resolver)).isEqualTo("other");
        resolver.finishBy(Long.MAX_VALUE);
        assertThat(name.resolve(resolver)).as("decided once for every event of the run").isEqualTo("other");
    }

    @Test
    void unknownCodeMeansOther() {
        CommandName name = CommandNames.fromArguments(new Object[] {new String[] {"build"}}, Set.of(),
                "no.such.Main", loader);
        assertThat(name.resolve(new CommandResolver(workDir.toFile(), new CommandResolver.WordSanitizer() {
            @Override
            public boolean leavesUnchanged(String word) {
                return true;
            }

            @Override
            public java.util.Map<String, String> environment() {
                return java.util.Map.of();
            }
        }, new AgentLog(new PrintStream(new ByteArrayOutputStream()), false)))).isEqualTo("other");
    }

    private static String decideKept(Path work, Path keptIn, Map<String, String> env, Predicate<String> verdict,
                                     String... args) {
        CommandResolver resolver = new CommandResolver(work.toFile(), new CommandResolver.WordSanitizer() {
            @Override
            public boolean leavesUnchanged(String word) {
                return verdict.test(word);
            }

            @Override
            public Map<String, String> environment() {
                return env;
            }
        }, new AgentLog(new PrintStream(new ByteArrayOutputStream()), false),
                new KnownCommandWords(keptIn, Base64.getEncoder().encodeToString(new byte[32]), "build-1"));
        return CommandNames.fromArguments(new Object[] {args}, Set.of(), CompiledTool.MAIN, loader).resolve(resolver);
    }

    @Test
    void aReportedWordIsKeptForTheNextRunAndJudgedAgainWhenAnInputChanged() throws IOException {
        Path state = Files.createDirectories(dir.resolve("kept"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        Path file = state.resolve(KnownCommandWords.FILE_NAME);
        Path work = Files.createDirectories(dir.resolve("kept-work"));
        AtomicInteger verdicts = new AtomicInteger();
        Predicate<String> accepts = word -> verdicts.incrementAndGet() > 0;
        Predicate<String> refuses = word -> verdicts.incrementAndGet() < 0;

        assertThat(decideKept(work, file, Map.of("HOME", "/home/alice"), accepts, "build")).isEqualTo("build");
        assertThat(verdicts.get()).isEqualTo(1);
        // the same inputs: the earlier decision answers, the verdict is not asked again
        assertThat(decideKept(work, file, Map.of("HOME", "/home/alice"), refuses, "build")).isEqualTo("build");
        assertThat(verdicts.get()).isEqualTo(1);
        // a secret variable now holds the word: another key, so the sanitizer judges again, and refuses
        assertThat(decideKept(work, file, Map.of("HOME", "/home/alice", "DEPLOY_TOKEN", "build"), refuses, "build"))
                .isEqualTo("other");
        assertThat(verdicts.get()).isEqualTo(2);
        // a file of the word's name is looked for on every run, before the kept decisions
        Files.writeString(work.resolve("build"), "the user's file");
        assertThat(decideKept(work, file, Map.of("HOME", "/home/alice"), accepts, "build")).isEqualTo("other");
        Files.delete(work.resolve("build"));
        // a word that is not reported leaves no trace
        assertThat(decideKept(work, file, Map.of(), accepts, "hunter2xyz")).isEqualTo("other");
        assertThat(Files.readAllLines(file)).hasSize(1);
    }
}
