package dev.gatsbytelemetry.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the agent's inlined stage hook adds to one call of a hooked method.
 *
 * <p>Every fork runs with the real agent jar as {@code -javaagent}, configured to hook
 * {@link StagedWork#work} only, exactly as a user's JVM would be: the hook is inlined by the agent's
 * own transformer at class load, and the bridge, recorder and counters are the production ones.
 * {@code plain*} calls {@link PlainWork}, the same body left unhooked, in the same kind of fork; the
 * difference between {@code staged*} and {@code plain*} at the same thread count is the per-call
 * cost. Run with {@code -prof gc} to see that the hook allocates nothing.
 *
 * <p>The agent jar path is relative: run from the repository root (or override the JVM arguments
 * with {@code -jvmArgsAppend}). Each fork checks at setup that the agent is active, and at teardown
 * prints the hooked stage's call count from the recorder, so a mis-configured run fails loudly
 * instead of measuring the baseline twice.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {
        "-javaagent:" + StageOverheadBenchmark.AGENT_JAR + "=stages=" + StageOverheadBenchmark.STAGE_PATTERN,
        "-Xms256m", "-Xmx256m"})
public class StageOverheadBenchmark {

    /** The agent jar, relative to the repository root. */
    public static final String AGENT_JAR = "agent/target/gatsby-telemetry-agent.jar";
    /** The one stage the forks hook. */
    public static final String STAGE_PATTERN = "dev.gatsbytelemetry.bench.StagedWork#work";
    private static final String BRIDGE = "dev.gatsbytelemetry.agent.bridge.TelemetryBridge";

    /** A per-thread argument that changes on every call, so the JIT cannot fold the workload. */
    @State(Scope.Thread)
    public static class Seed {
        long next = System.nanoTime() | 1;
    }

    /** Fork-wide guard: the agent must be attached and must be counting {@link StagedWork#work}. */
    @State(Scope.Benchmark)
    public static class AgentCheck {

        @Setup(Level.Trial)
        public void agentIsActive() throws ReflectiveOperationException {
            Class<?> bridge;
            try {
                bridge = Class.forName(BRIDGE, false, null);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the agent is not attached: run from the repository root, "
                        + "after `mvn -B -q package -DskipTests`, or pass -jvmArgsAppend -javaagent:<agent jar>=stages="
                        + STAGE_PATTERN, e);
            }
            if (!(Boolean) bridge.getMethod("isInstalled").invoke(null)) {
                throw new IllegalStateException("the agent is attached but disabled (GATSBY_TELEMETRY_DISABLED or "
                        + "DO_NOT_TRACK set?): the hook would cost nothing and prove nothing");
            }
        }

        @TearDown(Level.Trial)
        public void reportStageCount() {
            System.out.println("[agent check] stages recorded in this fork: " + stageSnapshot());
        }

        /** The recorder's per-stage statistics, read reflectively: the agent exposes no API for it. */
        private static Object stageSnapshot() {
            try {
                Field handlerField = Class.forName(BRIDGE, false, null).getDeclaredField("handler");
                handlerField.setAccessible(true);
                Object recorder = handlerField.get(null);
                Field registryField = recorder.getClass().getDeclaredField("registry");
                registryField.setAccessible(true);
                Object registry = registryField.get(recorder);
                Method snapshot = registry.getClass().getDeclaredMethod("snapshot");
                snapshot.setAccessible(true);
                return snapshot.invoke(registry);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    @Benchmark
    @Threads(1)
    public long plain1Thread(Seed seed, AgentCheck check) {
        return PlainWork.work(seed.next++);
    }

    @Benchmark
    @Threads(1)
    public long staged1Thread(Seed seed, AgentCheck check) {
        return StagedWork.work(seed.next++);
    }

    @Benchmark
    @Threads(2)
    public long plain2Threads(Seed seed, AgentCheck check) {
        return PlainWork.work(seed.next++);
    }

    @Benchmark
    @Threads(2)
    public long staged2Threads(Seed seed, AgentCheck check) {
        return StagedWork.work(seed.next++);
    }
}
