package dev.gatsbytelemetry.bench;

import dev.gatsbytelemetry.agent.sanitizer.RedactionCounts;
import dev.gatsbytelemetry.agent.sanitizer.SanitizedThrowable;
import dev.gatsbytelemetry.agent.sanitizer.Sanitizer;
import dev.gatsbytelemetry.agent.sanitizer.SanitizerSettings;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sanitizer's cost on what an uncaught exception typically brings: a 40-frame stack trace and a
 * 200-character message holding a home-directory path, a GitHub token and an e-mail address.
 * Runs on the recorder thread (or in the shutdown hook for a last-moment crash), so it must be cheap
 * enough for the exit budget: target at most 50 µs per throwable.
 *
 * <p>{@code setup} checks that the sample really contains what it should redact, so a change that
 * stopped the sanitizer from working cannot make this benchmark look faster.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Benchmark)
public class SanitizerBenchmark {

    static final String HOME = "/home/alice";
    static final String TOKEN = "ghp_" + "R4nd0mT0k3nV4lu3F0rB3nchm4rk1ng0000";
    static final String EMAIL = "alice.liddell@example.com";

    /** 200 characters: a path under the user's home, a token and an e-mail address. */
    static final String MESSAGE = pad("Could not render " + HOME + "/projects/blog/content/posts/2024-05-01-hello.md: "
            + "remote fetch failed with token " + TOKEN + " for " + EMAIL + " (status 401) ", 200);

    private Sanitizer sanitizer;
    private Throwable single;
    private Throwable wrapped;

    @Setup
    public void setup() {
        sanitizer = new Sanitizer(settings());
        single = throwable(new IllegalStateException(MESSAGE), 40, 0);
        RuntimeException cause = (RuntimeException) throwable(new RuntimeException(MESSAGE), 40, 0);
        wrapped = throwable(new IllegalStateException("build failed in " + HOME + "/projects/blog", cause), 40, 5);
        String clean = sanitizer.sanitizeText(MESSAGE, null);
        if (MESSAGE.length() != 200 || clean.contains(TOKEN) || clean.contains(EMAIL) || clean.contains(HOME)) {
            throw new IllegalStateException("sample not sanitized as expected: " + clean);
        }
        SanitizedThrowable s = sanitizer.sanitizeThrowable(single, null);
        if (s.message() == null || s.message().contains(TOKEN) || s.frames().isEmpty()) {
            throw new IllegalStateException("throwable not sanitized as expected: " + s.message());
        }
    }

    static SanitizerSettings settings() {
        return SanitizerSettings.builder()
                .cwd(HOME + "/projects/blog")
                .home(HOME)
                .tmpDir("/tmp")
                .userName("alice")
                .hostName("alice-laptop")
                .environment(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", HOME, "USER", "alice",
                        "GITHUB_TOKEN", TOKEN, "LANG", "en_US.UTF-8"))
                .build();
    }

    /** One sanitizer, one 40-frame throwable with the 200-char message: the typical crash. */
    @Benchmark
    public SanitizedThrowable sanitizeThrowable() {
        return sanitizer.sanitizeThrowable(single, new RedactionCounts());
    }

    /** A wrapper and its cause, 40 frames each, the cause's last 35 shared ("... 35 more"). */
    @Benchmark
    public SanitizedThrowable sanitizeThrowableWithCause() {
        return sanitizer.sanitizeThrowable(wrapped, new RedactionCounts());
    }

    /** The 200-char message alone. */
    @Benchmark
    public String sanitizeText() {
        return sanitizer.sanitizeText(MESSAGE, new RedactionCounts());
    }

    /** Building a sanitizer (the agent builds one per JVM): patterns are compiled in class initialisers, so this is the per-instance rest. */
    @Benchmark
    public Sanitizer newSanitizer() {
        return new Sanitizer(settings());
    }

    /**
     * Gives {@code t} a realistic trace of {@code frames} frames: framework and JDK frames at the
     * bottom, application frames on top. With {@code ownFrames > 0}, only the top {@code ownFrames}
     * differ from the cause's, the rest being shared as in a real wrapped exception.
     */
    static Throwable throwable(Throwable t, int frames, int ownFrames) {
        StackTraceElement[] trace = new StackTraceElement[frames];
        for (int i = 0; i < frames; i++) {
            int depthFromTop = ownFrames > 0 && i < ownFrames ? i + 100 : i;
            trace[i] = frame(depthFromTop, frames);
        }
        t.setStackTrace(trace);
        return t;
    }

    private static StackTraceElement frame(int i, int frames) {
        if (i >= 100) {
            return new StackTraceElement("org.example.sitegen.build.SiteBuilder", "wrap" + (i - 100),
                    "SiteBuilder.java", 200 + i);
        }
        if (i >= frames - 4) {
            String[][] jdk = {
                    {"java.base", "jdk.internal.reflect.DirectMethodHandleAccessor", "invoke"},
                    {"java.base", "java.lang.reflect.Method", "invoke"},
                    {"java.base", "java.util.concurrent.ThreadPoolExecutor", "runWorker"},
                    {"java.base", "java.lang.Thread", "run"}};
            String[] f = jdk[frames - 1 - i];
            return new StackTraceElement(null, f[0], "17.0.15", f[1], f[2],
                    f[1].substring(f[1].lastIndexOf('.') + 1) + ".java", 100 + i);
        }
        String[] packages = {"render", "markdown", "content", "output", "build", "command", "cli"};
        String pkg = packages[i % packages.length];
        String cls = Character.toUpperCase(pkg.charAt(0)) + pkg.substring(1) + "Step" + (i % 3);
        return new StackTraceElement("app", null, null, "org.example.sitegen." + pkg + "." + cls,
                i % 5 == 0 ? "lambda$run$" + i : "run" + i, cls + ".java", 10 + 7 * i);
    }

    private static String pad(String s, int length) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < length) {
            b.append(b.length() % 7 == 0 ? ' ' : 'x');
        }
        return b.substring(0, length);
    }
}
