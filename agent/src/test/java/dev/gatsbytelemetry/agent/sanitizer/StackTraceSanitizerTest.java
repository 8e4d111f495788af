package dev.gatsbytelemetry.agent.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Throwable trees: never throwing, cycles, bounds, truncation markers and the rendering. */
class StackTraceSanitizerTest {

    private final Sanitizer sanitizer = new Sanitizer(Fixtures.unix());

    /** A throwable whose accessors all fail. */
    static final class HostileException extends RuntimeException {
        HostileException() {
            super("never seen");
        }

        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage failed");
        }

        @Override
        public String getLocalizedMessage() {
            throw new IllegalStateException("getLocalizedMessage failed");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString failed");
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            throw new IllegalStateException("getStackTrace failed");
        }

        @Override
        public synchronized Throwable getCause() {
            throw new IllegalStateException("getCause failed");
        }
    }

    static final class StackOverflowingMessage extends RuntimeException {
        @Override
        public String getMessage() {
            throw new StackOverflowError();
        }
    }

    @Test
    void hostileAccessorsStillGiveAReport() {
        SanitizedThrowable st = sanitizer.sanitizeThrowable(new HostileException(), new RedactionCounts());
        assertThat(st.type()).isEqualTo(HostileException.class.getName());
        assertThat(st.message()).isEqualTo("(message unavailable: java.lang.IllegalStateException thrown)");
        assertThat(st.frames()).isEmpty();
        assertThat(st.cause()).isNull();
        assertThat(st.toStackTrace()).startsWith(HostileException.class.getName() + ": (message unavailable: ");
        assertThat(Json.write(st.toMap())).contains("\"type\"");
    }

    @Test
    void errorsThrownByAccessorsAreCaughtToo() {
        SanitizedThrowable st = sanitizer.sanitizeThrowable(new StackOverflowingMessage(), null);
        assertThat(st.message()).isEqualTo("(message unavailable: java.lang.StackOverflowError thrown)");
        assertThat(st.frames()).isNotEmpty();
    }

    @Test
    void hostileThrowableAsCauseAndSuppressed() {
        RuntimeException top = new RuntimeException("top");
        top.addSuppressed(new HostileException());
        top.initCause(new HostileException());
        SanitizedThrowable st = sanitizer.sanitizeThrowable(top, null);
        assertThat(st.suppressed()).hasSize(1);
        assertThat(st.cause().message()).startsWith("(message unavailable: ");
        assertThat(st.toStackTrace()).contains("Caused by: " + HostileException.class.getName());
    }

    @Test
    void nullInputs() {
        assertThat(sanitizer.sanitizeText(null, null)).isNull();
        assertThat(sanitizer.sanitizeThrowable(null, null)).isNull();
        assertThat(new Sanitizer(null).sanitizeText("x /home/alice", null)).isEqualTo("x /home/<user>");
    }

    @Test
    void causeCycleIsCutAndMarked() {
        RuntimeException a = new RuntimeException("a at /home/alice/x");
        RuntimeException b = new RuntimeException("b");
        a.initCause(b);
        b.initCause(a);
        SanitizedThrowable st = sanitizer.sanitizeThrowable(a, null);
        assertThat(st.cause().type()).isEqualTo("java.lang.RuntimeException");
        assertThat(st.cause().cause().circularReference()).isTrue();
        assertThat(st.toStackTrace())
                .contains("Caused by: [CIRCULAR REFERENCE: java.lang.RuntimeException: a at <home>/…]")
                .doesNotContain("alice");
        assertThat(st.cause().cause().toMap()).containsEntry("circularReference", true);
    }

    @Test
    void suppressedCycleIsCutAndMarked() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        a.addSuppressed(b);
        b.addSuppressed(a);
        b.initCause(a);
        SanitizedThrowable st = sanitizer.sanitizeThrowable(a, null);
        SanitizedThrowable sb = st.suppressed().get(0);
        assertThat(sb.suppressed().get(0).circularReference()).isTrue();
        assertThat(sb.cause().circularReference()).isTrue();
        assertThat(st.toStackTrace()).contains("\t\tSuppressed: [CIRCULAR REFERENCE: java.lang.RuntimeException: a]");
    }

    @Test
    void tenThousandDeepCauseChain() {
        Throwable t = new RuntimeException("root cause");
        for (int i = 1; i < 10_000; i++) {
            t = new RuntimeException("level " + i, t);
        }
        SanitizedThrowable st = sanitizer.sanitizeThrowable(t, null);
        int depth = 0;
        SanitizedThrowable last = st;
        while (last.cause() != null) {
            last = last.cause();
            depth++;
        }
        assertThat(depth).isEqualTo(8);
        assertThat(last.omittedCauses()).isEqualTo(10_000 - 9);
        assertThat(st.truncated()).isTrue();
        assertThat(st.toStackTrace()).contains("... 9991 more causes omitted");
        assertThat(Json.write(st.toMap())).contains("\"omittedCauses\":9991");
    }

    @Test
    void hugeMessageIsBoundedAndMarked() {
        StringBuilder b = new StringBuilder();
        while (b.length() < 10_000_000) {
            b.append("word /home/alice/x ");
        }
        b.append("ghp_abcdefghijklmnopqrstuvwxyz0123456789");
        RedactionCounts counts = new RedactionCounts();
        SanitizedThrowable st = sanitizer.sanitizeThrowable(new RuntimeException(b.toString()), counts);
        assertThat(st.messageTruncated()).isTrue();
        assertThat(st.message()).matches("(?s).{1000}\u2026\\[truncated \\d+ chars]");
        assertThat(st.message()).doesNotContain("alice").doesNotContain("ghp_");
        assertThat(st.toMap()).containsEntry("messageTruncated", true);
        assertThat(st.truncated()).isTrue();
    }

    @Test
    void hugeTextWithoutWhitespaceIsBounded() {
        String s = "x".repeat(5_000_000);
        String out = sanitizer.sanitizeText(s, null);
        assertThat(out.length()).isLessThan(1100);
        assertThat(out).contains("\u2026[truncated ");
    }

    @Test
    void framesAreBoundedAndCounted() {
        RuntimeException e = new RuntimeException("deep");
        StackTraceElement[] frames = new StackTraceElement[120];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new StackTraceElement("com.example.Recursive", "step", "Recursive.java", i + 1);
        }
        e.setStackTrace(frames);
        SanitizedThrowable st = sanitizer.sanitizeThrowable(e, null);
        assertThat(st.frames()).hasSize(50);
        assertThat(st.omittedFrames()).isEqualTo(70);
        assertThat(st.framesTruncated()).isTrue();
        assertThat(st.toStackTrace()).contains("\t... 70 more\n");
    }

    @Test
    void suppressedAreBounded() {
        RuntimeException e = new RuntimeException("many");
        for (int i = 0; i < 12; i++) {
            e.addSuppressed(new IllegalStateException("s" + i));
        }
        SanitizedThrowable st = sanitizer.sanitizeThrowable(e, null);
        assertThat(st.suppressed()).hasSize(5);
        assertThat(st.omittedSuppressed()).isEqualTo(7);
        assertThat(st.toStackTrace()).contains("\t... 7 more suppressed omitted");
    }

    @Test
    void totalNumberOfThrowablesIsBounded() {
        Throwable root = fan(0);
        SanitizedThrowable st = new Sanitizer(SanitizerSettings.builder().maxThrowables(20).build())
                .sanitizeThrowable(root, null);
        assertThat(count(st)).isLessThanOrEqualTo(20);
        assertThat(st.truncated()).isTrue();
    }

    private static Throwable fan(int depth) {
        RuntimeException e = new RuntimeException("d" + depth);
        if (depth < 6) {
            for (int i = 0; i < 5; i++) {
                e.addSuppressed(fan(depth + 1));
            }
        }
        return e;
    }

    private static int count(SanitizedThrowable st) {
        int n = 1;
        for (SanitizedThrowable s : st.suppressed()) {
            n += count(s);
        }
        return st.cause() == null ? n : n + count(st.cause());
    }

    @Test
    void messagesCanBeSwitchedOff() {
        Sanitizer quiet = new Sanitizer(SanitizerSettings.fromSystem(
                Map.of(SanitizerSettings.ERROR_MESSAGES_ENV, "0")));
        RuntimeException a = new RuntimeException("secret message", new IllegalStateException("inner"));
        SanitizedThrowable st = quiet.sanitizeThrowable(a, null);
        assertThat(st.message()).isNull();
        assertThat(st.cause().message()).isNull();
        assertThat(st.toStackTrace()).startsWith("java.lang.RuntimeException\n\tat ")
                .doesNotContain("secret message").doesNotContain("inner");
        assertThat(st.toMap()).doesNotContainKey("message");
    }

    @Test
    void framesDropModuleAndLoaderPrefixesAndKeepLineNumbers() {
        StackTraceElement jdk = new StackTraceElement("app", "java.base", "17.0.2", "java.lang.Thread", "run",
                "Thread.java", 833);
        StackTraceElement nat = new StackTraceElement("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0",
                null, -2);
        StackTraceElement unknown = new StackTraceElement("com.example.Gen", "call", null, -1);
        StackTraceElement noLine = new StackTraceElement("com.example.Gen", "call", "Gen.kt", -1);
        assertThat(jdk.toString()).startsWith("app/java.base@17.0.2/");
        assertThat(StackTraceSanitizer.format(jdk)).isEqualTo("java.lang.Thread.run(Thread.java:833)");
        assertThat(StackTraceSanitizer.format(nat)).isEqualTo(
                "jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)");
        assertThat(StackTraceSanitizer.format(unknown)).isEqualTo("com.example.Gen.call(Unknown Source)");
        assertThat(StackTraceSanitizer.format(noLine)).isEqualTo("com.example.Gen.call(Gen.kt)");
    }

    @Test
    void frameTextIsSanitized() {
        RuntimeException e = new RuntimeException("x");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("Script1", "run", "/home/alice/projects/blog/build.groovy", 3),
            new StackTraceElement("com.alice.Tool", "main", "Tool.java", 9)});
        RedactionCounts counts = new RedactionCounts();
        SanitizedThrowable st = sanitizer.sanitizeThrowable(e, counts);
        assertThat(st.frames()).containsExactly("Script1.run(<cwd>/build.groovy:3)", "com.<user>.Tool.main(Tool.java:9)");
        assertThat(counts.snapshot()).containsEntry("path", 1).containsEntry("user", 1);
    }

    @Test
    void jdkFramesAreKeptVerbatimEvenIfTheUserNameIsAJdkWord() {
        Sanitizer s = new Sanitizer(SanitizerSettings.builder().userName("thread").build());
        RuntimeException e = new RuntimeException("x");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.lang.Thread", "run", "Thread.java", 833),
            new StackTraceElement("com.example.thread.Worker", "run", "Worker.java", 5),
            new StackTraceElement("java.lang.Evil", "run", "/home/thread/Evil.java", 1)});
        assertThat(s.sanitizeThrowable(e, null).frames()).containsExactly(
                "java.lang.Thread.run(Thread.java:833)",
                "com.example.<user>.Worker.run(Worker.java:5)",
                "java.lang.Evil.run(/home/<user>/Evil.java:1)");
    }

    @Test
    void renderingMatchesJavasOwnFormatWhenNothingIsRedacted() {
        Exception top = nested();
        StringWriter w = new StringWriter();
        top.printStackTrace(new PrintWriter(w));
        String java = w.toString().replace(System.lineSeparator(), "\n")
                .replaceAll("(?m)^(\\s*at )[^\\s/(]+/(?:[^\\s/(]+/)?", "$1");
        Sanitizer plain = new Sanitizer(SanitizerSettings.builder().maxFramesPerThrowable(10_000).build());
        assertThat(plain.sanitizeThrowable(top, null).toStackTrace()).isEqualTo(java);
    }

    private static Exception nested() {
        try {
            try {
                throw new IllegalStateException("inner problem");
            } catch (IllegalStateException e) {
                Exception outer = new Exception("outer problem", e);
                outer.addSuppressed(new IllegalArgumentException("while closing"));
                throw outer;
            }
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void toMapHoldsOnlyPlainValues() {
        Exception top = nested();
        Map<String, Object> m = sanitizer.sanitizeThrowable(top, null).toMap();
        assertPlain(m);
        assertThat(m.keySet()).startsWith("type", "message", "frames", "omittedFrames");
        assertThat(Json.write(m)).contains("\"cause\":{\"type\":\"java.lang.IllegalStateException\"");
    }

    @SuppressWarnings("unchecked")
    private static void assertPlain(Object v) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                assertThat(k).isInstanceOf(String.class);
                assertPlain(x);
            });
        } else if (v instanceof List<?> l) {
            l.forEach(StackTraceSanitizerTest::assertPlain);
        } else {
            assertThat(v).isInstanceOfAny(String.class, Number.class, Boolean.class);
        }
    }

    @Test
    void sanitizedThrowableIsImmutable() {
        SanitizedThrowable st = sanitizer.sanitizeThrowable(nested(), null);
        List<String> frames = st.frames();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> frames.add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void safeToShareBetweenThreads() throws Exception {
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            inputs.add("run " + i + " at /home/alice/projects/blog/x" + i + " token=abc" + i + "def4 bob" + i
                    + "@example.com 10.0.0." + (i % 250 + 1));
        }
        List<String> expected = new ArrayList<>();
        for (String s : inputs) {
            expected.add(sanitizer.sanitizeText(s, null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    List<String> out = new ArrayList<>();
                    for (String s : inputs) {
                        out.add(sanitizer.sanitizeText(s, new RedactionCounts()));
                    }
                    return out;
                }));
            }
            for (Future<List<String>> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Not a benchmark (JMH comes later): a rough figure for the report, and a guard against blow-ups. */
    @Test
    void roughCostPerThrowable() {
        Throwable t = realisticThrowable();
        for (int i = 0; i < 2_000; i++) {
            sanitizer.sanitizeThrowable(t, new RedactionCounts());
        }
        int n = 5_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sanitizer.sanitizeThrowable(t, new RedactionCounts());
        }
        double micros = (System.nanoTime() - start) / 1_000.0 / n;
        long cold = System.nanoTime();
        new Sanitizer(Fixtures.unix()).sanitizeThrowable(realisticThrowable(), new RedactionCounts());
        double coldMicros = (System.nanoTime() - cold) / 1_000.0;
        System.out.printf("sanitizeThrowable: %.1f us per throwable (3 levels, %d frames), "
                + "new Sanitizer + first call %.1f us%n", micros, countFrames(t), coldMicros);
        assertThat(micros).isLessThan(5_000);
    }

    static Throwable realisticThrowable() {
        RuntimeException root = new RuntimeException(
                "ENOENT: no such file or directory, open '/home/alice/projects/blog/src/pages/index.js'");
        java.io.IOException mid = new java.io.IOException(
                "GET https://api.example.com/v1/items?access_token=abc123def456 failed: 401 from 203.0.113.7", root);
        IllegalStateException top = new IllegalStateException(
                "Build failed for alice@example.com after 12.5s; see /tmp/gatsby-1234/log.txt", mid);
        top.addSuppressed(new IllegalArgumentException("while closing cache db at /home/alice/.cache/x.db"));
        return top;
    }

    private static int countFrames(Throwable t) {
        int n = 0;
        for (Throwable c = t; c != null; c = c.getCause()) {
            n += c.getStackTrace().length;
        }
        return n;
    }
}
