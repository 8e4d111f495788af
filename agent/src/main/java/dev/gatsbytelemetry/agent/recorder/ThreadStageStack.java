package dev.gatsbytelemetry.agent.recorder;

import java.util.Arrays;

/**
 * One thread's open stage calls: their start times, how often it called each stage, which decides
 * whether a call is timed at all, and how deeply each stage is active right now.
 *
 * <p>Only the outermost active call of a stage counts: a stage method that recurses, or calls an
 * overload carrying the same stage name ({@code loadConfiguration(String)} calling
 * {@code loadConfiguration(InputSource)}), is one call of the stage, timed from the outer entry to the
 * outer exit. {@link #enter} says whether a call is the outermost one; {@link #leave} pairs with it.
 *
 * <p>Two clock reads cost about 65 ns on these machines, more than the whole per-call budget. So a
 * stage's first {@value #FULLY_TIMED_CALLS} calls on a thread are all timed, and after that one call
 * in {@value #SAMPLE_EVERY}. Rarely called stages (the usual case) are therefore timed exactly; hot
 * ones cost a counter update most of the time.
 */
final class ThreadStageStack {

    static final long NOT_TIMED = Long.MIN_VALUE;
    /** What {@link #leave} returns for a nested call of a stage that is already active on the thread. */
    static final long NESTED = Long.MIN_VALUE + 1;
    static final int FULLY_TIMED_CALLS = 256;
    static final int SAMPLE_EVERY = 32;
    private static final int MAX_DEPTH = 512;

    private long[] starts = new long[16];
    private int depth;
    private int[] callsPerStage = new int[16];
    private int[] activeDepth = new int[16];

    /**
     * A call of {@code stageId} starts: whether it is the outermost active call of that stage on this
     * thread (then it counts, and the caller decides whether to time it and pushes its start).
     * A nested call pushes {@link #NESTED} itself.
     */
    boolean enter(int stageId) {
        if (stageId >= activeDepth.length) {
            activeDepth = Arrays.copyOf(activeDepth, Math.max(stageId + 1, activeDepth.length * 2));
        }
        if (activeDepth[stageId]++ > 0) {
            push(NESTED);
            return false;
        }
        return true;
    }

    /**
     * A call of {@code stageId} ends: the start of the call that ends, {@link #NOT_TIMED}, or
     * {@link #NESTED} when an outer call of the same stage is still active.
     */
    long leave(int stageId) {
        long start = pop();
        if (stageId < activeDepth.length && activeDepth[stageId] > 0 && --activeDepth[stageId] > 0) {
            return NESTED;
        }
        // past MAX_DEPTH a nested call's marker was never stored: the depth above decides
        return start == NESTED ? NOT_TIMED : start;
    }

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
