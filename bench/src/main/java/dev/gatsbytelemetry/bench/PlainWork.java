package dev.gatsbytelemetry.bench;

/**
 * The baseline workload: about 20 ns of dependent arithmetic. {@link StagedWork} has the same body;
 * only that class is matched by the stage pattern, so the difference between the two is what the
 * agent's inlined hook adds to one call.
 */
public final class PlainWork {

    private PlainWork() {
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
