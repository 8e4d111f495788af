package dev.gatsbytelemetry.bench;

/**
 * The instrumented workload: byte for byte the body of {@link PlainWork}, but matched by the stage
 * pattern {@value StageOverheadBenchmark#STAGE_PATTERN} given to the agent in the benchmark's forks.
 */
public final class StagedWork {

    private StagedWork() {
    }

    /** Eight rounds of xorshift-multiply: dependent operations the JIT cannot fold or vectorize. */
    public static long work(long seed) {
        long x = seed;
        for (int i = 0; i < 8; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            x *= 0x9E3779B97F4A7C15L;
        }
        return x;
    }
}
