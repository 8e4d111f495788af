package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real JVM run, described as a builder: {@code <java> [-javaagent:<agent>[=args]] -jar <sample.jar> args...}
 * (or a main class on a class path), in a sandbox directory, with a clean environment.
 *
 * <p>The environment starts empty except for {@code PATH}, {@code LANG=C.UTF-8}, and a {@code HOME} of
 * its own ({@code <sandbox>/.home}) with {@code XDG_CONFIG_HOME} inside it, so nothing the agent might
 * write can reach the real home directory, and a test can check that nothing was written at all.
 *
 * <pre>{@code
 * RunResult r = JvmRun.sampleApp(tmp, "build", "--dir", "site").withAgent().debug().stages(...).run();
 * }</pre>
 */
public final class JvmRun {

    /** Generous: a run takes well under a second; only a hung JVM comes near this. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Path sandbox;
    private final List<String> launch;
    private final List<String> programArgs;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> extraEnv = new LinkedHashMap<>();
    private final java.util.Set<String> removedEnv = new java.util.HashSet<>();
    private String agentOption;
    private Path workDir;
    private Duration timeout = DEFAULT_TIMEOUT;
    private String umask;

    private JvmRun(Path sandbox, List<String> launch, String... programArgs) {
        this.sandbox = sandbox.toAbsolutePath();
        this.launch = launch;
        this.programArgs = List.of(programArgs);
        this.workDir = this.sandbox;
    }

    /** {@code java -jar sample-app.jar args...}, working directory {@code sandbox}. */
    public static JvmRun sampleApp(Path sandbox, String... args) {
        return new JvmRun(sandbox, List.of("-jar", Jars.sampleApp().toString()), args);
    }

    /** {@code java -cp classPath mainClass args...}, working directory {@code sandbox}. */
    public static JvmRun mainClass(Path sandbox, Path classPath, String mainClass, String... args) {
        return new JvmRun(sandbox, List.of("-cp", classPath.toAbsolutePath().toString(), mainClass), args);
    }

    /** {@code java -cp <entries joined with ':'> mainClass args...}, working directory {@code sandbox}. */
    public static JvmRun mainClass(Path sandbox, List<Path> classPath, String mainClass, String... args) {
        String joined = String.join(java.io.File.pathSeparator,
                classPath.stream().map(p -> p.toAbsolutePath().toString()).toList());
        return new JvmRun(sandbox, List.of("-cp", joined, mainClass), args);
    }

    /** {@code java <source file> args...}: the launcher's single-source-file mode. */
    public static JvmRun sourceFile(Path sandbox, Path sourceFile, String... args) {
        return new JvmRun(sandbox, List.of(sourceFile.toAbsolutePath().toString()), args);
    }

    /** Adds {@code -javaagent:<agent.jar>}. */
    public JvmRun withAgent() {
        agentOption = "-javaagent:" + Jars.agent();
        return this;
    }

    /** Adds {@code -javaagent:<agent.jar>=<arguments>}. */
    public JvmRun withAgent(String arguments) {
        agentOption = "-javaagent:" + Jars.agent() + "=" + arguments;
        return this;
    }

    /** {@code GATSBY_TELEMETRY_DEBUG=1}: events are printed to stderr as {@code Captured event: {json}}. */
    public JvmRun debug() {
        return env("GATSBY_TELEMETRY_DEBUG", "1");
    }

    /** {@code GATSBY_TELEMETRY_STAGES} = the patterns joined with commas. */
    public JvmRun stages(String... patterns) {
        return env("GATSBY_TELEMETRY_STAGES", String.join(",", patterns));
    }

    /**
     * {@code GATSBY_TELEMETRY_API} = {@code endpoint} and a send interval of 0, so this run delivers
     * instead of only spooling (the default interval would leave a test's events for a later run).
     */
    public JvmRun sendingEveryRunTo(String endpoint) {
        return env("GATSBY_TELEMETRY_API", endpoint).env("GATSBY_TELEMETRY_SEND_INTERVAL_MINUTES", "0");
    }

    public JvmRun env(String name, String value) {
        removedEnv.remove(name);
        extraEnv.put(name, value);
        return this;
    }

    /** Leaves {@code name} out of the environment, even one this class sets by default ({@code XDG_CONFIG_HOME}). */
    public JvmRun withoutEnv(String name) {
        extraEnv.remove(name);
        removedEnv.add(name);
        return this;
    }

    public JvmRun jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public JvmRun workDir(Path dir) {
        workDir = dir.toAbsolutePath();
        return this;
    }

    /** Starts the JVM through {@code sh -c 'umask <mask>; exec java …'}, so it inherits that umask. */
    public JvmRun umask(String mask) {
        umask = mask;
        return this;
    }

    public JvmRun timeout(Duration limit) {
        timeout = limit;
        return this;
    }

    /** The run's {@code HOME}: {@code <sandbox>/.home}, created (empty) before the JVM starts. */
    public Path home() {
        return sandbox.resolve(".home");
    }

    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        if (agentOption != null) {
            command.add(agentOption);
        }
        command.addAll(jvmOptions);
        command.addAll(launch);
        command.addAll(programArgs);
        if (umask != null) {
            command.addAll(0, List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
        }
        return command;
    }

    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        String path = System.getenv("PATH");
        env.put("PATH", path != null ? path : "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home().toString());
        env.put("XDG_CONFIG_HOME", home().resolve(".config").toString());
        env.put("LANG", "C.UTF-8");
        env.putAll(extraEnv);
        env.keySet().removeAll(removedEnv);
        return env;
    }

    /** Runs to completion (or fails the test after the timeout). */
    public RunResult run() {
        return start().awaitExit();
    }

    /** Starts the JVM; the caller waits for output, stops it, and collects the result. */
    public Running start() {
        try {
            Files.createDirectories(home());
            ProcessBuilder builder = new ProcessBuilder(command()).directory(workDir.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment());
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            return new Running(command(), builder.start(), timeout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command(), e);
        }
    }

    /** The java binary: {@code it.java.home} if given (and not an unexpanded Maven expression), else this JVM's. */
    static String javaExecutable() {
        String home = System.getProperty("it.java.home");
        if (home == null || home.isBlank() || home.startsWith("${")) {
            home = System.getProperty("java.home");
        }
        return Path.of(home, "bin", "java").toString();
    }

    /** A started JVM whose stdout and stderr are drained concurrently, so it never blocks on a full pipe. */
    public static final class Running {

        private final List<String> command;
        private final Process process;
        private final Duration timeout;
        private final long startNanos = System.nanoTime();
        private final Pump stdout;
        private final Pump stderr;

        Running(List<String> command, Process process, Duration timeout) {
            this.command = command;
            this.process = process;
            this.timeout = timeout;
            this.stdout = new Pump(process.getInputStream(), "stdout");
            this.stderr = new Pump(process.getErrorStream(), "stderr");
        }

        public Process process() {
            return process;
        }

        /** Waits until stdout contains {@code text}; fails the test if the JVM exits or time runs out first. */
        public Running awaitStdout(String text) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!stdout.text().contains(text)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    kill();
                    RunResult partial = collect(exitValueOr(-1));
                    fail("no '%s' on stdout of %s%n%s", text, command, partial.describe());
                }
                sleep(20);
            }
            return this;
        }

        /**
         * Sends SIGTERM. Through {@link ProcessHandle#destroy()}, not {@link Process#destroy()}: the
         * latter also closes our ends of the child's stdout and stderr, so whatever the child prints
         * while shutting down (the agent's END event, in debug mode) would be lost.
         */
        public Running terminate() {
            process.toHandle().destroy();
            return this;
        }

        /** SIGKILL, keeping the streams open for the same reason as {@link #terminate()}. */
        private void kill() {
            process.toHandle().destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        public RunResult awaitExit() {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                    RunResult partial = collect(-1);
                    fail("%s did not exit within %s%n%s", command, timeout, partial.describe());
                }
                return collect(process.exitValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.toHandle().destroyForcibly();
                throw new IllegalStateException("interrupted while waiting for " + command, e);
            }
        }

        private RunResult collect(int exitCode) {
            byte[] out = stdout.finish();
            byte[] err = stderr.finish();
            Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
            System.out.printf("[it] %s -> exit %d in %d ms%n", String.join(" ", command), exitCode, wall.toMillis());
            return new RunResult(command, exitCode, out, err, wall);
        }

        private int exitValueOr(int fallback) {
            try {
                return process.exitValue();
            } catch (IllegalThreadStateException e) {
                return fallback;
            }
        }
    }

    /** Copies one stream into memory on its own thread. */
    private static final class Pump {

        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;

        Pump(InputStream in, String name) {
            thread = new Thread(() -> {
                byte[] chunk = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(chunk)) != -1) {
                        synchronized (buffer) {
                            buffer.write(chunk, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // the process went away; keep what was read
                }
            }, "it-pump-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        String text() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }

        /** Waits for end of stream (the process has exited, or was killed) and returns everything read. */
        byte[] finish() {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (buffer) {
                return buffer.toByteArray();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
