package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's Liquibase examples on the real, unmodified Liquibase 4.33.0 CLI (liquibase-core with
 * picocli beside it, as its distribution ships them), launched with {@code -cp}: an unknown option
 * that Liquibase handles itself, before or after the command, is a {@code PARAMETER_ERROR} that
 * quotes nothing the user typed, and the tool's output and exit code are its own.
 */
class LiquibaseIT {

    private static final String MAIN = "liquibase.integration.commandline.LiquibaseCommandLine";

    @TempDir
    static Path resolution;
    private static List<Path> classPath;

    @TempDir
    Path sandbox;

    @BeforeAll
    static void resolveLiquibase() throws IOException, InterruptedException {
        List<Path> jars = new ArrayList<>(LocalRepository.classPath(resolution, "org.liquibase", "liquibase-core", "4.33.0"));
        jars.addAll(LocalRepository.classPath(resolution, "info.picocli", "picocli", "4.7.7"));
        classPath = jars;
    }

    @Test
    void anUnknownOptionAfterTheCommandIsAParameterErrorOfUpdate() {
        RunResult run = liquibase("update", "--bogus").withAgent().debug().run();
        RunResult plain = liquibase("update", "--bogus").run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(plain.exitCode()).isNotZero();
        assertThat(run.stdout() + run.stderr()).as("Liquibase's own message").contains("Unexpected argument(s): --bogus");
        assertThat(run.events("CLI_RAW_COMMAND_UPDATE")).as("the command is Liquibase's own word: %s", run.describe())
                .hasSize(1);
        assertParameterErrorWithoutTheArgument(run);
    }

    @Test
    void anUnknownOptionBeforeTheCommandIsAParameterError() {
        RunResult run = liquibase("--bogus-flag=1", "update").withAgent().debug().run();

        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        assertParameterErrorWithoutTheArgument(run);
    }

    private JvmRun liquibase(String... args) {
        return JvmRun.mainClass(sandbox, classPath, MAIN, args).workDir(sandbox);
    }

    private static void assertParameterErrorWithoutTheArgument(RunResult run) {
        assertThat(run.events("CLI_ERROR_PARAMETER_ERROR")).as(run.describe()).hasSize(1);
        JsonNode error = run.event("CLI_ERROR_PARAMETER_ERROR");
        assertThat(error.path("exceptionType").asText()).isEqualTo("picocli.CommandLine$UnmatchedArgumentException");
        assertThat(error.path("componentId").asText()).isEqualTo("liquibase-core");
        assertThat(error.path("componentVersion").asText()).isEqualTo("4.33.0");
        assertThat(run.events().toString()).as("the option never leaves the machine").doesNotContain("bogus");
    }
}
