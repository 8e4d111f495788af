package dev.gatsbytelemetry.agent.recorder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongBinaryOperator;

/**
 * Counters of one stage, shared by all threads. Striped adders keep concurrent callers off one
 * cache line, and nothing here allocates once the stripes exist.
 *
 * <p>Durations come from the timed calls only (see {@link ThreadStageStack#shouldTime}); when some
 * calls were not timed, the total is estimated from the timed mean and the event says
 * {@code sampled: true}. Counts and errors are always exact.
 */
final class StageStatistics {

    private final String name;
    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder timedCalls = new LongAdder();
    private final LongAdder timedNanos = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Extremum.MAX, Long.MIN_VALUE);
    private final LongAccumulator minNanos = new LongAccumulator(Extremum.MIN, Long.MAX_VALUE);

    StageStatistics(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void called() {
        calls.increment();
    }

    void failed() {
        errors.increment();
    }

    void timed(long nanos) {
        long positive = Math.max(0, nanos);
        timedCalls.increment();
        timedNanos.add(positive);
        maxNanos.accumulate(positive);
        minNanos.accumulate(positive);
    }

    long calls() {
        return calls.sum();
    }

    /** {@code count, errors, total, min, max, mean} in milliseconds, plus {@code sampled} when estimated. */
    Map<String, Object> snapshot() {
        long count = calls.sum();
        long timed = timedCalls.sum();
        long nanos = timedNanos.sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", count);
        out.put("errors", errors.sum());
        if (timed > 0) {
            double mean = (double) nanos / timed;
            double total = timed >= count ? nanos : mean * count;
            out.put("total", millis(total));
            out.put("min", millis(minNanos.get()));
            out.put("max", millis(maxNanos.get()));
            out.put("mean", millis(mean));
            if (timed < count) {
                out.put("sampled", true);
            }
        }
        return out;
    }

    private static double millis(double nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    /** Plain classes rather than method references: no lambda bootstrap on the app's first stage call. */
    private enum Extremum implements LongBinaryOperator {
        MAX {
            @Override
            public long applyAsLong(long left, long right) {
                return Math.max(left, right);
            }
        },
        MIN {
            @Override
            public long applyAsLong(long left, long right) {
                return Math.min(left, right);
            }
        }
    }
}
