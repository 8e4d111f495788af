package dev.gatsbytelemetry.agent.recorder;

import java.util.Arrays;

/**
 * One thread's open stage calls: their start times, and how often it called each stage, which
 * decides whether a call is timed at all.
 *
 * <p>Two clock reads cost about 65 ns on these machines, more than the whole per-call budget. So a
 * stage's first {@value #FULLY_TIMED_CALLS} calls on a thread are all timed, and after that one call
 * in {@value #SAMPLE_EVERY}. Rarely called stages (the usual case) are therefore timed exactly; hot
 * ones cost a counter update most of the time.
 */
final class ThreadStageStack {

    static final long NOT_TIMED = Long.MIN_VALUE;
    static final int FULLY_TIMED_CALLS = 256;
    static final int SAMPLE_EVERY = 32;
    private static final int MAX_DEPTH = 512;

    private long[] starts = new long[16];
    private int depth;
    private int[] callsPerStage = new int[16];

    boolean shouldTime(int stageId) {
        if (stageId >= callsPerStage.length) {
            callsPerStage = Arrays.copyOf(callsPerStage, Math.max(stageId + 1, callsPerStage.length * 2));
        }
        int n = ++callsPerStage[stageId];
        if (n < 0) {
            callsPerStage[stageId] = n = FULLY_TIMED_CALLS + 1;
        }
        return n <= FULLY_TIMED_CALLS || n % SAMPLE_EVERY == 0;
    }

    void push(long start) {
        if (depth < starts.length) {
            starts[depth] = start;
        } else if (depth < MAX_DEPTH) {
            starts = Arrays.copyOf(starts, Math.min(MAX_DEPTH, starts.length * 2));
            starts[depth] = start;
        }
        depth++;
    }

    /** The start of the innermost open call, or {@link #NOT_TIMED}. */
    long pop() {
        if (depth == 0) {
            return NOT_TIMED;
        }
        depth--;
        return depth < starts.length ? starts[depth] : NOT_TIMED;
    }
}
