package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.EventAssertions.assertCommonFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A picocli 4.7.7 app that knows nothing of telemetry (nested subcommands, an alias, a failing command,
 * a parameter error), compiled here and run with the agent and no configuration.
 */
class PicocliIT {

    private static final Path PICOCLI = Path.of(System.getProperty("user.home"),
            ".m2/repository/info/picocli/picocli/4.7.7/picocli-4.7.7.jar");

    private static final String APP = """
            package fixture;

            import java.util.concurrent.Callable;
            import picocli.CommandLine;
            import picocli.CommandLine.Command;
            import picocli.CommandLine.Option;

            @Command(name = "sitectl", mixinStandardHelpOptions = true, subcommands = {App.Site.class, App.Fail.class})
            public class App implements Runnable {
                @Option(names = {"-v", "--verbose"}) boolean verbose;

                public void run() {
                    System.out.println("top");
                }

                public static void main(String[] args) {
                    int code = new CommandLine(new App()).execute(args);
                    if (System.getenv("FIXTURE_NO_EXIT") == null) {
                        System.exit(code);
                    }
                }

                @Command(name = "site", subcommands = {Build.class})
                public static class Site implements Runnable {
                    public void run() {
                    }
                }

                @Command(name = "build", aliases = {"b"})
                public static class Build implements Callable<Integer> {
                    @Option(names = {"-o", "--output"}) String output;
                    @Option(names = "--drafts") boolean drafts;

                    public Integer call() throws Exception {
                        Thread.sleep(30);
                        System.out.println("built " + output);
                        return 0;
                    }
                }

                @Command(name = "fail")
                public static class Fail implements Callable<Integer> {
                    public Integer call() {
                        throw new IllegalStateException("cannot read " + System.getProperty("user.dir") + "/secret.yml");
                    }
                }
            }
            """;

    @TempDir
    static Path build;
    private static Path classPath;

    @TempDir
    Path sandbox;

    @BeforeAll
    static void compileFixture() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(PICOCLI), "picocli 4.7.7 is not in the local Maven repository: " + PICOCLI);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Assumptions.assumeTrue(compiler != null, "no Java compiler in this JDK");
        Path source = build.resolve("src/fixture/App.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, APP, StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(build.resolve("classes"));
        int status = compiler.run(null, null, null, "-d", classes.toString(), "-cp", PICOCLI.toString(),
                "--release", "17", "-proc:none", source.toString());
        assertThat(status).as("fixture compiles").isZero();
        classPath = Path.of(classes.toAbsolutePath() + File.pathSeparator + PICOCLI.toAbsolutePath());
    }

    private JvmRun app(String... args) {
        return JvmRun.mainClass(sandbox, classPath, "fixture.App", args).withAgent().debug();
    }

    @Test
    void nestedSubcommandByAliasIsNamedCanonicallyWithItsFlagsButNoValues() {
        RunResult run = app("--verbose", "site", "b", "--output", "public-out", "--drafts").run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).contains("built public-out");
        assertThat(run.eventTypes()).as(run.describe())
                .containsExactly("CLI_RAW_COMMAND_SITE_BUILD", "CLI_COMMAND_METADATA", "CLI_COMMAND_SITE_BUILD_END");
        assertCommonFields(run, "site build");
        JsonNode end = run.event("CLI_COMMAND_SITE_BUILD_END");
        assertThat(end.path("exitCode").asInt(-1)).isZero();
        assertThat(end.path("exitReason").asText()).isEqualTo("exit");
        assertThat(end.path("outcome").asText()).isEqualTo("success");
        assertThat(end.path("duration").asLong(-1)).as("call() is timed: %s", end).isGreaterThanOrEqualTo(30);
        List<String> flags = new ArrayList<>();
        end.path("flags").forEach(f -> flags.add(f.asText()));
        assertThat(flags).containsExactly("--verbose", "--output", "--drafts");
        assertThat(run.stderr()).as("option values never leave").doesNotContain("public-out");
    }

    @Test
    void failingCommandIsReportedAlthoughPicocliOnlyPrintsAMessage() {
        RunResult run = app("fail").run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.eventTypes()).as(run.describe()).containsExactly(
                "CLI_RAW_COMMAND_FAIL", "CLI_ERROR_COMMAND_FAILED", "CLI_COMMAND_METADATA", "CLI_COMMAND_FAIL_END");
        JsonNode error = run.event("CLI_ERROR_COMMAND_FAILED");
        assertThat(error.path("errorKind").asText()).isEqualTo("COMMAND_FAILED");
        assertThat(error.path("exceptionType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.path("errorV2").path("text").asText())
                .contains("<cwd>/secret.yml").doesNotContain(sandbox.toString());
        assertThat(error.path("errorV2").path("stack").asText()).contains("at fixture.App$Fail.call");
        JsonNode end = run.event("CLI_COMMAND_FAIL_END");
        assertThat(end.path("exitCode").asInt(-1)).isEqualTo(1);
        assertThat(end.path("outcome").asText()).isEqualTo("failure");
    }

    @Test
    void parameterErrorIsReportedAndNamesTheCommandItFailedIn() {
        RunResult run = app("site", "build", "--nope").run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.eventTypes()).as(run.describe()).containsExactly(
                "CLI_RAW_COMMAND_SITE_BUILD", "CLI_ERROR_PARAMETER_ERROR", "CLI_COMMAND_METADATA", "CLI_COMMAND_SITE_BUILD_END");
        JsonNode error = run.event("CLI_ERROR_PARAMETER_ERROR");
        assertThat(error.path("exceptionType").asText()).isEqualTo("picocli.CommandLine$UnmatchedArgumentException");
        assertThat(run.event("CLI_COMMAND_SITE_BUILD_END").path("exitCode").asInt(-1)).isEqualTo(2);
    }

    @Test
    void exitCodeIsPicocliExecutesEvenWhenMainJustReturns() {
        RunResult run = app("fail").env("FIXTURE_NO_EXIT", "1").run();

        assertThat(run.exitCode()).as("the JVM itself exits 0: %s", run.describe()).isZero();
        JsonNode end = run.event("CLI_COMMAND_FAIL_END");
        assertThat(end.path("exitCode").asInt(-1)).isEqualTo(1);
        assertThat(end.path("exitReason").asText()).isEqualTo("return");
    }

    @Test
    void topCommandWithoutSubcommandIsDefault() {
        RunResult run = app("-v").run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.eventTypes()).as(run.describe())
                .containsExactly("CLI_RAW_COMMAND_DEFAULT", "CLI_COMMAND_METADATA", "CLI_COMMAND_DEFAULT_END");
        assertThat(run.event("CLI_COMMAND_DEFAULT_END").path("flags").get(0).asText()).isEqualTo("--verbose");
    }
}
