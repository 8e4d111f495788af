package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.EventAssertions.assertStage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's own examples on the real, unmodified checkstyle 12.3.1, launched with {@code -cp} on its
 * jars from the local Maven repository (resolved offline, as bench/real_tools.py does): its name and
 * version come from the jar holding the main class, {@code ConfigurationLoader#loadConfiguration}
 * (an overload chain) is one call per load, and {@code --bogus-option}, which checkstyle handles
 * itself, is a {@code PARAMETER_ERROR} that quotes nothing the user typed.
 */
class CheckstyleIT {

    private static final String MAIN = "com.puppycrawl.tools.checkstyle.Main";
    private static final String LOAD_CONFIGURATION =
            "com.puppycrawl.tools.checkstyle.ConfigurationLoader#loadConfiguration=load configuration";
    private static final String CHECKED = """
            public class Greeter {
                public String greet(String name) {
                    return "Hello, " + name;
                }
            }
            """;

    @TempDir
    static Path resolution;
    private static List<Path> classPath;

    @TempDir
    Path sandbox;

    @BeforeAll
    static void resolveCheckstyle() throws IOException, InterruptedException {
        classPath = LocalRepository.classPath(resolution, "com.puppycrawl.tools", "checkstyle", "12.3.1");
    }

    private JvmRun checkstyle(String... args) {
        return JvmRun.mainClass(sandbox, classPath, MAIN, args).withAgent().debug().stages(LOAD_CONFIGURATION)
                .workDir(sandbox);
    }

    @Test
    void aRunIsNamedByCheckstylesJarAndLoadsItsConfigurationOnce() throws IOException {
        Files.writeString(sandbox.resolve("Greeter.java"), CHECKED, StandardCharsets.UTF_8);

        RunResult run = checkstyle("-c", "/google_checks.xml", "Greeter.java").run();

        assertThat(run.stdout()).as(run.describe()).contains("Starting audit...", "Audit done.");
        JsonNode end = run.events().stream().filter(e -> e.path("eventType").asText().endsWith("_END"))
                .findFirst().orElseThrow(() -> new AssertionError("no end event: " + run.describe()));
        for (JsonNode event : run.events()) {
            assertThat(event.path("componentId").asText()).as("%s", event).isEqualTo("checkstyle");
            assertThat(event.path("componentVersion").asText()).as("%s", event).isEqualTo("12.3.1");
        }
        assertThat(end.path("exitCode").asInt(-1)).isEqualTo(run.exitCode());
        // loadConfiguration(String, PropertyResolver) calls three overloads of itself: one load
        assertStage(end, "load configuration", 1, 0);
        List<String> plugins = texts(run.event("CLI_COMMAND_METADATA").path("plugins"));
        assertThat(plugins).as("class-path jars with Maven coordinates")
                .contains("com.google.guava:guava@33.5.0-jre", "org.antlr:antlr4-runtime@4.13.2")
                .noneMatch(p -> p.contains("/") || p.startsWith("com.puppycrawl"));
    }

    @Test
    void anUnknownOptionCheckstyleHandlesIsAParameterErrorWithoutTheOption() {
        RunResult run = checkstyle("--bogus-option").run();

        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        assertThat(run.events("CLI_ERROR_PARAMETER_ERROR")).as(run.describe()).hasSize(1);
        JsonNode error = run.event("CLI_ERROR_PARAMETER_ERROR");
        assertThat(error.path("exceptionType").asText()).startsWith("picocli.CommandLine$");
        assertThat(error.path("componentId").asText()).isEqualTo("checkstyle");
        assertThat(run.events().toString()).as("the option never leaves the machine").doesNotContain("bogus");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }
}
