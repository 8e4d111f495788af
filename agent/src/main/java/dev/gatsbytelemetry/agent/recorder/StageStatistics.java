package dev.gatsbytelemetry.agent.recorder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one stage, shared by all threads: what Gatsby's {@code aggregateStats} reports
 * ({@code count, sum, min, max, mean, median, stdDev}) plus errors, built without storing a single
 * duration.
 *
 * <p>Implementation notes. A stage call writes only striped memory, so threads calling a stage at
 * once do not write the same cache line, and nothing here allocates once a thread's stripe exists.
 * <ul>
 *   <li>Calls and errors are striped adders (one update per call; counts and errors are always
 *       exact). Durations come from the timed calls only (see {@link ThreadStageStack#shouldTime});
 *       when some calls were not timed, the total is estimated from the timed mean and the event
 *       says {@code sampled: true}.</li>
 *   <li>A timed call goes to one of {@link #STRIPES} {@link TimingStripe}s, picked by thread id, so
 *       threads running at once (as many as the machine has cores, usually) each update their own.
 *       Before, every timed call updated five shared atomics and one shared histogram bucket: the
 *       bucket of a stage's typical duration was the same long for every thread, a cache line
 *       bounced between cores on each timed call. A stripe is created on its first use (1.2 KiB):
 *       at most {@link #STRIPES} per stage. A thread finding its stripe busy (another thread
 *       shares it and is mid-update) tries the next ones; if all are busy the call stays untimed,
 *       like a sampled-out call.</li>
 *   <li>{@code stdDev} comes from running sums of the durations and of their squares, shifted by
 *       each stripe's first timed duration: the textbook {@code E[x²] - E[x]²} loses every digit
 *       when the spread is small beside the mean (a stage of 10 s ± 1 µs), the shifted form does
 *       not. Stripes are merged with the parallel form of Welford's algorithm (each stripe's mean
 *       and sum of squared deviations, plus its count times its mean's squared distance to the
 *       overall mean), which keeps those digits too.</li>
 *   <li>{@code median} comes from a fixed histogram of {@value #BUCKETS} buckets per stripe, four
 *       per doubling of the duration from 1 µs to about 73 minutes (shorter and longer calls land in
 *       the first and last bucket), summed over the stripes. The bucket holding the middle call is
 *       interpolated linearly, which puts the estimate within one bucket width (19 %) of the true
 *       median, and usually far closer; it is clamped to {@code [min, max]}.</li>
 *   <li>A snapshot (heartbeat or end event) reads each stripe consistently (see
 *       {@link TimingStripe}) and the call count after the stripes, so {@code count} is never below
 *       the timed calls the other figures describe.</li>
 * </ul>
 */
final class StageStatistics {

    static final int BUCKETS = 128;
    static final int STRIPES = stripesFor(Runtime.getRuntime().availableProcessors());
    /** Bucket 0 ends at 2^10 ns (~1 µs); each later doubling spans four buckets. */
    private static final int FIRST_EXPONENT = 10;

    private final String name;
    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReferenceArray<TimingStripe> stripes = new AtomicReferenceArray<>(STRIPES);

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
        int bucket = bucket(positive);
        int first = (int) Thread.currentThread().getId();
        for (int i = 0; i < STRIPES; i++) {
            int index = (first + i) & (STRIPES - 1);
            TimingStripe stripe = stripes.get(index);
            if (stripe == null) {
                stripe = createStripe(index);
            }
            if (stripe.tryRecord(positive, bucket)) {
                return;
            }
        }
        // every stripe mid-update by another thread: this call stays untimed, as if sampled out
    }

    /**
     * The smallest power of two of at least twice the cores, 2 to 16: threads running at once rarely
     * share a stripe, and a stage never holds more than 16 (19 KiB).
     */
    static int stripesFor(int cores) {
        int wanted = Math.max(2, Math.min(16, cores * 2));
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    private TimingStripe createStripe(int index) {
        TimingStripe created = new TimingStripe();
        TimingStripe existing = stripes.compareAndExchange(index, null, created);
        return existing == null ? created : existing;
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
        long[] histogram = new long[BUCKETS];
        TimingStripe.Copy copy = new TimingStripe.Copy();
        long timed = 0;
        double nanos = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        // per stripe: n, mean, sum of squared deviations from its mean; merged after the loop
        double[] stripeMeans = new double[STRIPES];
        double[] stripeDeviations = new double[STRIPES];
        long[] stripeCounts = new long[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            TimingStripe stripe = stripes.get(i);
            if (stripe == null) {
                continue;
            }
            stripe.readInto(copy, histogram);
            long n = copy.timed;
            if (n <= 0) {
                continue;
            }
            double shiftedSum = copy.shiftedSum;
            stripeCounts[i] = n;
            stripeMeans[i] = copy.shift + shiftedSum / n;
            stripeDeviations[i] = Math.max(0, copy.shiftedSquares - shiftedSum * shiftedSum / n);
            timed += n;
            nanos += shiftedSum + (double) copy.shift * n;
            min = Math.min(min, copy.min);
            max = Math.max(max, copy.max);
        }
        // read after the stripes: every call they timed was counted before it was timed
        long count = calls.sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", count);
        out.put("errors", errors.sum());
        if (timed > 0) {
            double mean = nanos / timed;
            double deviations = 0;
            for (int i = 0; i < STRIPES; i++) {
                if (stripeCounts[i] > 0) {
                    double distance = stripeMeans[i] - mean;
                    deviations += stripeDeviations[i] + stripeCounts[i] * distance * distance;
                }
            }
            double variance = deviations / timed;
            double total = timed >= count ? nanos : mean * count;
            out.put("total", millis(total));
            out.put("sum", millis(nanos));
            out.put("min", millis(min));
            out.put("max", millis(max));
            out.put("mean", millis(mean));
            out.put("median", millis(Math.min(max, Math.max(min, median(histogram)))));
            out.put("stdDev", millis(Math.sqrt(variance)));
            if (timed < count) {
                out.put("sampled", true);
            }
        }
        return out;
    }

    /** The middle timed call's duration, interpolated within its histogram bucket. */
    private static double median(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
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
}
