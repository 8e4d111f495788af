package dev.gatsbytelemetry.agent.recorder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongBinaryOperator;

/**
 * Counters of one stage, shared by all threads: what Gatsby's {@code aggregateStats} reports
 * ({@code count, sum, min, max, mean, median, stdDev}) plus errors, built without storing a single
 * duration.
 *
 * <p>Implementation notes. Striped adders keep concurrent callers off one cache line, and nothing
 * here allocates once the stripes exist.
 * <ul>
 *   <li>Durations come from the timed calls only (see {@link ThreadStageStack#shouldTime}); when some
 *       calls were not timed, the total is estimated from the timed mean and the event says
 *       {@code sampled: true}. Counts and errors are always exact.</li>
 *   <li>{@code stdDev} comes from running sums of the durations and of their squares, both shifted
 *       by the stage's first timed duration ({@link #shift}): the textbook
 *       {@code E[x²] - E[x]²} loses every digit when the spread is small beside the mean (a stage of
 *       10 s ± 1 µs), the shifted form does not. Welford's update would need a lock per call.</li>
 *   <li>{@code median} comes from a fixed histogram of {@value #BUCKETS} buckets, four per doubling
 *       of the duration from 1 µs to about 73 minutes (shorter and longer calls land in the first
 *       and last bucket): one atomic increment per timed call, at most 1 KiB per stage. The bucket
 *       holding the middle call is interpolated linearly, which puts the estimate within one bucket
 *       width (19 %) of the true median, and usually far closer; it is clamped to {@code [min, max]}.</li>
 * </ul>
 */
final class StageStatistics {

    static final int BUCKETS = 128;
    /** Bucket 0 ends at 2^10 ns (~1 µs); each later doubling spans four buckets. */
    private static final int FIRST_EXPONENT = 10;
    private static final long NO_SHIFT = Long.MIN_VALUE;

    private final String name;
    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder timedCalls = new LongAdder();
    private final AtomicLong shift = new AtomicLong(NO_SHIFT);
    private final LongAdder shiftedSum = new LongAdder();
    private final DoubleAdder shiftedSquares = new DoubleAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Extremum.MAX, Long.MIN_VALUE);
    private final LongAccumulator minNanos = new LongAccumulator(Extremum.MIN, Long.MAX_VALUE);
    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);

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
        long k = shift.get();
        if (k == NO_SHIFT) {
            shift.compareAndSet(NO_SHIFT, positive);
            k = shift.get();
        }
        long d = positive - k;
        timedCalls.increment();
        shiftedSum.add(d);
        shiftedSquares.add((double) d * d);
        maxNanos.accumulate(positive);
        minNanos.accumulate(positive);
        histogram.getAndIncrement(bucket(positive));
    }

    long calls() {
        return calls.sum();
    }

    /** The histogram bucket of a duration: four per doubling above 2^10 ns. */
    static int bucket(long nanos) {
        if (nanos < (1L << FIRST_EXPONENT)) {
            return 0;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        int quarter = (int) (nanos >>> (exponent - 2)) & 3;
        int index = (exponent - FIRST_EXPONENT) * 4 + quarter;
        return Math.min(index, BUCKETS - 1);
    }

    /** The smallest duration of a bucket, in ns. */
    static long bucketStart(int index) {
        if (index == 0) {
            return 0;
        }
        int exponent = FIRST_EXPONENT + index / 4;
        return (4L + index % 4) << (exponent - 2);
    }

    /** {@code count, errors, total, sum, min, max, mean, median, stdDev} in ms, plus {@code sampled} when estimated. */
    Map<String, Object> snapshot() {
        long count = calls.sum();
        long timed = timedCalls.sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", count);
        out.put("errors", errors.sum());
        long k = shift.get();
        if (timed > 0 && k != NO_SHIFT) {
            double sumShifted = shiftedSum.sum();
            double nanos = sumShifted + (double) k * timed;
            double mean = nanos / timed;
            double variance = Math.max(0, (shiftedSquares.sum() - sumShifted * sumShifted / timed) / timed);
            long min = minNanos.get();
            long max = maxNanos.get();
            double total = timed >= count ? nanos : mean * count;
            out.put("total", millis(total));
            out.put("sum", millis(nanos));
            out.put("min", millis(min));
            out.put("max", millis(max));
            out.put("mean", millis(mean));
            out.put("median", millis(Math.min(max, Math.max(min, median()))));
            out.put("stdDev", millis(Math.sqrt(variance)));
            if (timed < count) {
                out.put("sampled", true);
            }
        }
        return out;
    }

    /** The middle timed call's duration, interpolated within its histogram bucket. */
    private double median() {
        long[] counts = new long[BUCKETS];
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = histogram.get(i);
            n += counts[i];
        }
        double rank = n / 2.0;
        long below = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] > 0 && below + counts[i] >= rank) {
                double start = bucketStart(i);
                double end = i + 1 < BUCKETS ? bucketStart(i + 1) : start * 1.25;
                double fraction = (rank - below) / counts[i];
                return start + (end - start) * fraction;
            }
            below += counts[i];
        }
        return 0;
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
