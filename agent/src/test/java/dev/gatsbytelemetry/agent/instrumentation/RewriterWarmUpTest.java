package dev.gatsbytelemetry.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first run's warm-up of the hook writer (JDKs without ASM of their own): started when the JDK
 * hooks are certain to be rewritten (no cache entry of this build for {@code Thread}'s hook), never
 * when a warm run will take them from the cache, and it completes a real rewrite.
 */
class RewriterWarmUpTest {

    private static final String BUILD = "1a2b3c4d-5e6f7a8b-4096";

    @TempDir
    Path temp;

    private final ByteArrayOutputStream debug = new ByteArrayOutputStream();

    @Test
    void aFirstRunWarmsTheWriterUpAndARunWithThreadsEntryDoesNot() throws Exception {
        HookedClassCache cache = cache(BUILD);
        assertThat(JdkHooks.warmUpRewriterIfMissing(new HookWeaver(cache), cache, log(), true))
                .as("empty cache: the JDK hooks will be rewritten").isTrue();
        awaitWarmUp();
        assertThat(debug.toString()).doesNotContain("not warmed up");

        // Thread hooked as JdkHooks hooks it, and kept: a later run takes it from the cache
        cache.writeInBackground();
        byte[] thread;
        try (InputStream in = ClassLoader.getSystemResourceAsStream("java/lang/Thread.class")) {
            thread = in.readAllBytes();
        }
        byte[] hooked = new HookWeaver(cache).weave("java/lang/Thread", thread, (className, method, descriptor, access) ->
                method.equals("dispatchUncaughtException") ? new Hook(Hook.Kind.UNCAUGHT, 0) : null);
        assertThat(hooked).isNotNull();
        cache.writePending(System.nanoTime() + 10_000_000_000L);

        assertThat(JdkHooks.warmUpRewriterIfMissing(new HookWeaver(cache(BUILD)), cache(BUILD), log(), true))
                .as("Thread's entry is there: a warm run").isFalse();
        assertThat(JdkHooks.warmUpRewriterIfMissing(new HookWeaver(cache("9f9f9f9f-5e6f7a8b-4096")),
                cache("9f9f9f9f-5e6f7a8b-4096"), log(), true)).as("another agent build: its entries do not count").isTrue();
        awaitWarmUp();
        assertThat(JdkHooks.warmUpRewriterIfMissing(new HookWeaver(null), null, log(), true)).as("no cache").isTrue();
        awaitWarmUp();
        assertThat(JdkHooks.warmUpRewriterIfMissing(new HookWeaver(null), null, log(), false))
                .as("a JDK with its own ASM (17 to 23): never").isFalse();
        awaitWarmUp();
        assertThat(debug.toString()).doesNotContain("not warmed up");
    }

    @Test
    void theCachesNameCheckSaysNothingSureOnlyWhenAFileOfThatClassAndPlanIsThere() throws IOException {
        HookedClassCache cache = cache(BUILD);
        assertThat(cache.mayHoldEntryFor("testfixtures/Pipeline", "transform()V=STAGE:3;")).as("no folder").isFalse();
        byte[] original;
        try (InputStream in = getClass().getResourceAsStream("/testfixtures/Pipeline.class")) {
            original = in.readAllBytes();
        }
        HookPlan plan = HookPlan.of("testfixtures/Pipeline", original, (className, method, descriptor, access) ->
                method.equals("transform") ? new Hook(Hook.Kind.STAGE, 3) : null);
        cache.store("testfixtures/Pipeline", original, plan, AsmHookWriter.write(original, plan));
        cache.writePending(System.nanoTime() + 10_000_000_000L);

        assertThat(cache.mayHoldEntryFor("testfixtures/Pipeline", plan.key())).isTrue();
        assertThat(cache.mayHoldEntryFor("testfixtures/Pipeline", plan.key().replace(":3;", ":4;"))).as("another plan").isFalse();
        assertThat(cache.mayHoldEntryFor("testfixtures/Other", plan.key())).as("another class").isFalse();
        assertThat(cache("9f9f9f9f-5e6f7a8b-4096").mayHoldEntryFor("testfixtures/Pipeline", plan.key()))
                .as("another build").isFalse();
    }

    private static void awaitWarmUp() throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(RewriterWarmUp.THREAD_NAME)) {
                assertThat(thread.isDaemon()).as("never holds the JVM up").isTrue();
                thread.join(60_000);
            }
        }
    }

    private HookedClassCache cache(String build) {
        Path folder = temp.resolve("gatsby-telemetry-agent");
        return new HookedClassCache(folder.resolve(HookedClassCache.DIRECTORY_NAME), build,
                new HookedClassKey(folder.resolve("config.json"), null), log());
    }

    private AgentLog log() {
        return new AgentLog(new PrintStream(debug, true), true);
    }
}
