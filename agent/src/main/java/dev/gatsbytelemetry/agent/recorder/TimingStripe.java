package dev.gatsbytelemetry.agent.recorder;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The timed calls of one stage that landed on one stripe: their number, shifted sum and sum of
 * squares, min, max and duration histogram, written by one thread at a time and read whole.
 *
 * <p>Implementation notes.
 * <ul>
 *   <li>A try-lock, not one atomic per figure: a writer turns the version odd with one CAS, updates
 *       the figures with plain (opaque) stores, and turns it even again with a release store. The
 *       CAS is the only atomic instruction of a timed call, on a line that only this stripe's
 *       thread usually writes (the old layout put every thread on the same histogram bucket).</li>
 *   <li>A reader (heartbeat, end event) takes the stripe the same way, so a snapshot never sees a
 *       call in the histogram that the count or the sum lacks. An optimistic read (check the
 *       version before and after) was tried first: a thread timing calls back to back changed the
 *       stripe during every copy of its 135 longs, and a fifth of the copies in the unit test were
 *       torn after 64 retries.</li>
 *   <li>A writer that finds the version odd (a reader, or another thread sharing the stripe, is
 *       mid-update) does not wait: it says so and the caller tries another stripe. Nothing ever
 *       waits on the application's thread.</li>
 *   <li>The sums are shifted by the stripe's own first duration ({@link #SHIFT}): see
 *       {@link StageStatistics} for why, and for how stripes are merged.</li>
 *   <li>Eight longs of padding on both sides keep the version and the figures off the cache lines
 *       of whatever the JVM placed next to the array.</li>
 * </ul>
 */
final class TimingStripe {

    private static final int PAD = 8;
    private static final int VERSION = PAD;
    private static final int TIMED = PAD + 1;
    private static final int SHIFT = PAD + 2;
    private static final int SHIFTED_SUM = PAD + 3;
    /** A double, stored as its bits. */
    private static final int SHIFTED_SQUARES = PAD + 4;
    private static final int MIN = PAD + 5;
    private static final int MAX = PAD + 6;
    private static final int HISTOGRAM = PAD + 7;
    /** How long a reader waits for a writer descheduled mid-update before copying the stripe as it is. */
    private static final long READ_WAIT_MILLIS = 20;

    private final AtomicLongArray cells = new AtomicLongArray(HISTOGRAM + StageStatistics.BUCKETS + PAD);

    /**
     * Adds one timed call, or returns {@code false} at once when another thread is updating this
     * stripe right now.
     */
    boolean tryRecord(long nanos, int bucket) {
        long version = cells.get(VERSION);
        if ((version & 1) != 0 || !cells.compareAndSet(VERSION, version, version + 1)) {
            return false;
        }
        try {
            long n = cells.getPlain(TIMED);
            long shift;
            if (n == 0) {
                shift = nanos;
                cells.setOpaque(SHIFT, shift);
                cells.setOpaque(MIN, nanos);
                cells.setOpaque(MAX, nanos);
            } else {
                shift = cells.getPlain(SHIFT);
                if (nanos < cells.getPlain(MIN)) {
                    cells.setOpaque(MIN, nanos);
                }
                if (nanos > cells.getPlain(MAX)) {
                    cells.setOpaque(MAX, nanos);
                }
            }
            long d = nanos - shift;
            cells.setOpaque(TIMED, n + 1);
            cells.setOpaque(SHIFTED_SUM, cells.getPlain(SHIFTED_SUM) + d);
            double squares = Double.longBitsToDouble(cells.getPlain(SHIFTED_SQUARES)) + (double) d * d;
            cells.setOpaque(SHIFTED_SQUARES, Double.doubleToRawLongBits(squares));
            int index = HISTOGRAM + bucket;
            cells.setOpaque(index, cells.getPlain(index) + 1);
        } finally {
            // even if the update threw (a StackOverflowError deep in the app's recursion), so that
            // the stripe never stays held
            cells.setRelease(VERSION, version + 2);
        }
        return true;
    }

    /**
     * Copies this stripe into {@code into} (its figures are overwritten) and adds its histogram to
     * {@code histogram}; whether the copy is whole. The reader takes the stripe exactly as a writer
     * does, so the copy is whole; a writer arriving meanwhile goes to another stripe. A writer holds
     * a stripe for a few nanoseconds, unless it is descheduled mid-update: then the reader waits up
     * to {@value #READ_WAIT_MILLIS} ms and copies the figures as they are, with the timed count taken
     * from the histogram so that the median still describes the calls counted.
     */
    boolean readInto(Copy into, long[] histogram) {
        long version = -1;
        long deadline = 0;
        for (int attempt = 0; version < 0; attempt++) {
            long seen = cells.get(VERSION);
            if ((seen & 1) == 0 && cells.compareAndSet(VERSION, seen, seen + 1)) {
                version = seen;
            } else if (attempt < 100) {
                Thread.onSpinWait();
            } else if (deadline == 0) {
                deadline = System.nanoTime() + READ_WAIT_MILLIS * 1_000_000L;
            } else if (System.nanoTime() - deadline > 0) {
                break;
            } else {
                LockSupport.parkNanos(50_000);
            }
        }
        try {
            into.timed = cells.getOpaque(TIMED);
            into.shift = cells.getOpaque(SHIFT);
            into.shiftedSum = cells.getOpaque(SHIFTED_SUM);
            into.shiftedSquares = Double.longBitsToDouble(cells.getOpaque(SHIFTED_SQUARES));
            into.min = cells.getOpaque(MIN);
            into.max = cells.getOpaque(MAX);
            long inHistogram = 0;
            for (int i = 0; i < StageStatistics.BUCKETS; i++) {
                long n = cells.getOpaque(HISTOGRAM + i);
                histogram[i] += n;
                inHistogram += n;
            }
            if (version < 0) {
                into.timed = inHistogram;
            }
        } finally {
            if (version >= 0) {
                cells.setRelease(VERSION, version + 2);
            }
        }
        return version >= 0;
    }

    /** One stripe's figures as read; reused across the stripes of one snapshot. */
    static final class Copy {
        long timed;
        long shift;
        long shiftedSum;
        double shiftedSquares;
        long min;
        long max;
    }
}
