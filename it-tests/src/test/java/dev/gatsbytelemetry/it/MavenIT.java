package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.EventAssertions.assertCommonFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine's real {@code mvn}, offline against the local repository, with the agent in
 * {@code MAVEN_OPTS} and no other configuration, on a one-class project made here.
 */
class MavenIT {

    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>demo</groupId>
              <artifactId>tiny</artifactId>
              <version>1.0</version>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <build>
                <plugins>
                  <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                  <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                  <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.6.1</version></plugin>
                  <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.4.1</version></plugin>
                </plugins>
              </build>
            </project>
            """;

    private static Path mvn;

    @TempDir
    Path sandbox;

    @BeforeAll
    static void findMaven() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "mvn");
                if (Files.isExecutable(candidate)) {
                    mvn = candidate;
                    break;
                }
            }
        }
        Assumptions.assumeTrue(mvn != null, "mvn is not on the PATH: skipping the Maven integration test");
        Assumptions.assumeTrue(Files.isDirectory(Path.of(System.getProperty("user.home"), ".m2/repository")),
                "no local Maven repository (~/.m2/repository) to build offline against");
    }

    private Path project(String... classes) throws Exception {
        Path project = Files.createDirectories(sandbox.resolve("tiny"));
        Files.writeString(project.resolve("pom.xml"), POM, StandardCharsets.UTF_8);
        Path sources = Files.createDirectories(project.resolve("src/main/java/demo"));
        for (int i = 0; i < classes.length; i += 2) {
            Files.writeString(sources.resolve(classes[i] + ".java"), classes[i + 1], StandardCharsets.UTF_8);
        }
        return project;
    }

    /** Runs {@code mvn args} in {@code dir}; HOME stays the real one so the local repository is found. */
    private RunResult maven(Path dir, String... args) throws Exception {
        return mavenWithJvmOptions(dir, "", args);
    }

    /** The same, with more JVM options for Maven's JVM after the agent's. */
    private RunResult mavenWithJvmOptions(Path dir, String jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(mvn.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("GATSBY_TELEMETRY_") || k.equals("DO_NOT_TRACK") || k.equals("MAVEN_OPTS"));
        env.put("MAVEN_OPTS", ("-javaagent:" + Jars.agent() + " " + jvmOptions).trim());
        env.put("GATSBY_TELEMETRY_DEBUG", "1");
        String javaHome = System.getProperty("it.java.home");
        if (javaHome != null && !javaHome.isBlank() && !javaHome.startsWith("${")) {
            env.put("JAVA_HOME", javaHome); // mvn runs on the JDK the ITs were asked to use
        }
        env.put("XDG_CONFIG_HOME", sandbox.resolve(".config").toString());
        Path out = sandbox.resolve("mvn.out");
        Path err = sandbox.resolve("mvn.err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        long start = System.nanoTime();
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("mvn finished").isTrue();
        // Maven's console resets colours with ANSI escapes that may precede an event line.
        byte[] stderr = Files.readString(err, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "")
                .getBytes(StandardCharsets.UTF_8);
        return new RunResult(command, process.exitValue(), Files.readAllBytes(out), stderr,
                Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void successfulPackageReportsGoalsMojoStagesPluginsAndOutcome() throws Exception {
        Path project = project("Hello", "package demo; public class Hello { }");

        RunResult run = maven(project, "-B", "-o", "-q", "package");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(project.resolve("target/tiny-1.0.jar")).isRegularFile();
        assertThat(run.eventTypes()).as(run.describe())
                .containsExactly("CLI_RAW_COMMAND_PACKAGE", "CLI_COMMAND_METADATA", "CLI_COMMAND_PACKAGE_END");
        assertCommonFields(run, "package");
        JsonNode end = run.event("CLI_COMMAND_PACKAGE_END");
        assertThat(end.path("exitCode").asInt(-1)).isZero();
        assertThat(end.path("exitReason").asText()).isEqualTo("exit");
        assertThat(end.path("outcome").asText()).isEqualTo("success");
        JsonNode compile = end.path("stages").path("org.apache.maven.plugins:maven-compiler-plugin:compile@default-compile");
        assertThat(compile.path("count").asInt()).as("%s", end.path("stages")).isEqualTo(1);
        assertThat(compile.path("errors").asInt()).isZero();
        assertThat(compile.path("total").asDouble()).isPositive();
        assertThat(end.path("stages").has("org.apache.maven.plugins:maven-jar-plugin:jar@default-jar")).isTrue();
        List<String> plugins = new ArrayList<>();
        run.event("CLI_COMMAND_METADATA").path("plugins").forEach(p -> plugins.add(p.asText()));
        assertThat(plugins).contains("org.apache.maven.plugins:maven-compiler-plugin@3.13.0",
                "org.apache.maven.plugins:maven-jar-plugin@3.4.1").noneMatch(p -> p.contains("/"));
        for (JsonNode event : run.events()) {
            assertThat(event.path("componentId").asText()).as("Maven names itself: %s", event).isEqualTo("maven");
            assertThat(event.path("componentVersion").asText()).as("%s", event).matches("3\\.\\d+\\.\\d+.*");
        }
    }

    @Test
    void compileErrorIsABuildFailureWithASanitizedError() throws Exception {
        Path project = project("Broken", "package demo; public class Broken { int x = \"text\"; }");

        RunResult run = maven(project, "-B", "-o", "-q", "-f", "pom.xml", "-Dmaven.test.skip=true", "clean", "package");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.eventTypes()).as(run.describe()).containsExactlyInAnyOrder("CLI_RAW_COMMAND_CLEAN_PACKAGE",
                "CLI_ERROR_BUILD_FAILED", "CLI_COMMAND_METADATA", "CLI_COMMAND_CLEAN_PACKAGE_END");
        assertCommonFields(run, "clean package");
        JsonNode error = run.event("CLI_ERROR_BUILD_FAILED");
        assertThat(error.path("exceptionType").asText()).isEqualTo("org.apache.maven.lifecycle.LifecycleExecutionException");
        assertThat(error.path("stage").asText()).as("the failing mojo execution")
                .isEqualTo("org.apache.maven.plugins:maven-compiler-plugin:compile@default-compile");
        System.out.println("[maven] " + error + "\n[maven] " + run.event("CLI_COMMAND_METADATA"));
        assertThat(error.path("errorV2").path("text").asText()).contains("Compilation failure")
                .contains("<cwd>/…/Broken.java").doesNotContain(project.toString()).doesNotContain("demo/Broken");
        JsonNode end = run.event("CLI_COMMAND_CLEAN_PACKAGE_END");
        assertThat(end.path("exitCode").asInt(-1)).isEqualTo(1);
        assertThat(end.path("outcome").asText()).isEqualTo("failure");
        assertThat(end.path("stages").path("org.apache.maven.plugins:maven-compiler-plugin:compile@default-compile")
                .path("errors").asInt()).isEqualTo(1);
    }

    /**
     * The transformer copies every loading class's bytes while it is registered, so it must go as
     * soon as the classes Maven is observed at are hooked: those are loaded early, in the launcher's
     * main realm, not when Maven first wants them (~2,600 classes later). Class loads and the agent's
     * debug lines share stderr here, in the order they happened: the transformer is gone before
     * Maven builds its session, and mojo stages are still timed.
     */
    @Test
    void transformerRetiresBeforeMavenBuildsItsSessionAndMojosAreStillStages() throws Exception {
        Path project = project("Hello", "package demo; public class Hello { }");

        RunResult run = mavenWithJvmOptions(project, "-Xlog:class+load=info:stderr", "-B", "-o", "-q", "-Dmaven.test.skip=true",
                "compile");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<String> lines = run.stderrLines();
        int retired = indexOf(lines, "transformer removed");
        int session = indexOf(lines, "org.apache.maven.execution.MavenSession ");
        int pluginManager = indexOf(lines, "org.apache.maven.plugin.DefaultBuildPluginManager ");
        int cli = indexOf(lines, "org.apache.maven.cli.MavenCli ");
        assertThat(retired).as("the agent says it removed its transformer").isNotNegative();
        assertThat(session).as("MavenSession's load is logged").isNotNegative();
        assertThat(pluginManager).as("DefaultBuildPluginManager's load is logged").isNotNegative();
        assertThat(cli).as("MavenCli's load is logged").isNotNegative();
        assertThat(retired).as("removed before MavenCli, let alone MavenSession, loads").isLessThan(cli)
                .isLessThan(session);
        assertThat(run.event("CLI_COMMAND_COMPILE_END").path("stages")
                .path("org.apache.maven.plugins:maven-compiler-plugin:compile@default-compile").path("count").asInt())
                .as("%s", run.event("CLI_COMMAND_COMPILE_END")).isEqualTo(1);
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
