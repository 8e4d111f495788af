package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the consent ITs need beyond {@link JvmRun}: the agent jar's own command line
 * ({@code java -jar agent.jar telemetry ...}), runs under a pseudo-terminal (util-linux
 * {@code script}), and a byte-for-byte picture of a directory tree.
 */
final class ConsentRuns {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ConsentRuns() {
    }

    /** {@code java -jar <agent.jar> args...} with the environment a {@link JvmRun} in {@code sandbox} would get plus {@code extraEnv}. */
    static RunResult cli(Path sandbox, Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>(List.of(JvmRun.javaExecutable(), "-jar", Jars.agent().toString()));
        command.addAll(List.of(args));
        return exec(command, environment(sandbox, extraEnv), sandbox);
    }

    /** The clean environment of a run in {@code sandbox} (own HOME and XDG_CONFIG_HOME), plus {@code extraEnv}. */
    static Map<String, String> environment(Path sandbox, Map<String, String> extraEnv) {
        JvmRun run = JvmRun.sampleApp(sandbox);
        extraEnv.forEach(run::env);
        try {
            Files.createDirectories(run.home());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run.environment();
    }

    /** Whether util-linux {@code script} can give a child a pseudo-terminal here. */
    static boolean scriptAvailable() {
        try {
            Process probe = new ProcessBuilder("script", "-qec", "true", "/dev/null")
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs {@code command} (a shell command line) under {@code script -qec <command> /dev/null}: the
     * JVM's stdin, stdout and stderr are a pty, and the transcript comes back as the result's stdout
     * (stdout and stderr merged, lines ending in CR LF).
     */
    static RunResult inPty(String shellCommand, Map<String, String> env, Path workDir) {
        return exec(List.of("script", "-qec", shellCommand, "/dev/null"), env, workDir);
    }

    /** Quotes each word for a POSIX shell and joins them. */
    static String shellLine(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return line.toString();
    }

    private static RunResult exec(List<String> command, Map<String, String> env, Path workDir) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Path out = Files.createTempFile("consent-it-", ".out");
            Path err = Files.createTempFile("consent-it-", ".err");
            try {
                builder.redirectOutput(out.toFile()).redirectError(err.toFile());
                long start = System.nanoTime();
                Process process = builder.start();
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    fail("%s did not exit within %s", command, TIMEOUT);
                }
                Duration wall = Duration.ofNanos(System.nanoTime() - start);
                System.out.printf("[it] %s -> exit %d in %d ms%n", String.join(" ", command), process.exitValue(),
                        wall.toMillis());
                return new RunResult(command, process.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err), wall);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every file and directory under {@code root} (relative path → sha-256 of the content, or "dir"), sorted. */
    static Map<String, String> tree(Path root) {
        Map<String, String> result = new TreeMap<>();
        if (!Files.exists(root)) {
            return result;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String name = root.relativize(path).toString();
                result.put(name.isEmpty() ? "." : name, Files.isDirectory(path) ? "dir"
                        : HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    /** Lines of a class-load log ({@code -Xlog:class+load:file=...}) naming classes the agent's jar defined or anything matching. */
    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
