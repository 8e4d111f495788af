package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A published artifact's jars, with its dependencies, from the local Maven repository, resolved offline
 * by Maven itself ({@code dependency:build-classpath} on a one-dependency pom): tests run real
 * third-party code on a child JVM's class path without reaching beyond loopback. {@code .ci/run}
 * resolves each such artifact first; where it never was, the test is skipped with the command to run.
 */
final class LocalRepository {

    private LocalRepository() {
    }

    /** The class path of {@code groupId:artifactId:version}, its own jar first among them. */
    static List<Path> classPath(Path work, String groupId, String artifactId, String version)
            throws IOException, InterruptedException {
        Path mvn = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "mvn")).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(mvn != null, "mvn is not on the PATH: skipping a test of " + artifactId);
        Path folder = Files.createDirectories(work.resolve("resolve-" + artifactId));
        Files.writeString(folder.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>it</groupId><artifactId>resolve</artifactId><version>1</version>
                  <packaging>pom</packaging>
                  <dependencies><dependency><groupId>%s</groupId>
                    <artifactId>%s</artifactId><version>%s</version></dependency></dependencies>
                </project>
                """.formatted(groupId, artifactId, version), StandardCharsets.UTF_8);
        Path out = folder.resolve("cp.txt");
        Process process = new ProcessBuilder(mvn.toString(), "-B", "-q", "-o", "dependency:build-classpath",
                "-Dmdep.outputFile=" + out).directory(folder.toFile())
                .redirectOutput(folder.resolve("mvn.log").toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("mvn finished").isTrue();
        String coordinates = groupId + ":" + artifactId + ":" + version;
        Assumptions.assumeTrue(process.exitValue() == 0, () -> coordinates + " is not in the local Maven "
                + "repository (run .ci/run, or `mvn dependency:get -Dartifact=" + coordinates + "`): skipping");
        List<Path> classPath = Arrays.stream(Files.readString(out, StandardCharsets.UTF_8).trim()
                .split(File.pathSeparator)).map(Path::of).toList();
        assertThat(classPath).anyMatch(jar -> jar.getFileName().toString().equals(artifactId + "-" + version + ".jar"));
        return classPath;
    }
}
