package dev.gatsbytelemetry.agent.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StageStatisticsTest {

    @Test
    void oneCallIsItsOwnSumMeanAndMedianWithNoSpread() {
        StageStatistics stage = new StageStatistics("load");
        stage.called();
        stage.timed(4_672_000);

        Map<String, Object> snapshot = stage.snapshot();

        assertThat(snapshot).containsEntry("count", 1L).containsEntry("total", 4.672).containsEntry("sum", 4.672)
                .containsEntry("min", 4.672).containsEntry("max", 4.672).containsEntry("mean", 4.672)
                .containsEntry("median", 4.672).containsEntry("stdDev", 0.0);
    }

    @Test
    void medianIsWithinABucketAndStdDevMatchesTheTwoPassFigure() {
        StageStatistics stage = new StageStatistics("render");
        Random random = new Random(42);
        long[] durations = new long[1001];
        for (int i = 0; i < durations.length; i++) {
            // log-normal-ish: most calls 1-3 ms, a long tail up to ~100 ms
            durations[i] = (long) (1_000_000 * Math.exp(random.nextGaussian()));
            stage.called();
            stage.timed(durations[i]);
        }
        long[] sorted = durations.clone();
        java.util.Arrays.sort(sorted);
        double trueMedianMs = sorted[500] / 1e6;
        double mean = java.util.Arrays.stream(durations).average().orElseThrow();
        double variance = java.util.Arrays.stream(durations).mapToDouble(d -> (d - mean) * (d - mean)).sum() / durations.length;

        Map<String, Object> snapshot = stage.snapshot();

        assertThat((Double) snapshot.get("median")).isCloseTo(trueMedianMs, within(trueMedianMs * 0.19));
        assertThat((Double) snapshot.get("stdDev")).isCloseTo(Math.sqrt(variance) / 1e6, within(0.002));
        assertThat((Double) snapshot.get("sum")).isCloseTo(java.util.Arrays.stream(durations).sum() / 1e6, within(0.002));
        assertThat(snapshot.get("sum")).isEqualTo(snapshot.get("total"));
    }

    @Test
    void stdDevKeepsItsDigitsWhenTheSpreadIsTinyBesideTheMean() {
        StageStatistics stage = new StageStatistics("slow");
        for (int i = 0; i < 100; i++) {
            stage.called();
            stage.timed(10_000_000_000L + (i % 2 == 0 ? 1_000_000 : -1_000_000));
        }
        assertThat((Double) stage.snapshot().get("stdDev")).isCloseTo(1.0, within(0.001));
    }

    @Test
    void bucketsAreFourPerDoublingAndStartWhereTheyClaim() {
        assertThat(StageStatistics.bucket(0)).isZero();
        assertThat(StageStatistics.bucket(1023)).isZero();
        assertThat(StageStatistics.bucket(1024)).isEqualTo(0);
        assertThat(StageStatistics.bucket(2048)).isEqualTo(4);
        assertThat(StageStatistics.bucket(Long.MAX_VALUE)).isEqualTo(StageStatistics.BUCKETS - 1);
        for (int i = 1; i < StageStatistics.BUCKETS; i++) {
            long start = StageStatistics.bucketStart(i);
            assertThat(StageStatistics.bucket(start)).as("start of bucket %d", i).isEqualTo(i);
            assertThat(StageStatistics.bucket(start - 1)).as("before bucket %d", i).isEqualTo(i - 1);
        }
    }

    @Test
    void untimedCallsMakeTheTotalAnEstimateButNotTheSum() {
        StageStatistics stage = new StageStatistics("hot");
        for (int i = 0; i < 4; i++) {
            stage.called();
        }
        stage.timed(2_000_000);
        stage.timed(2_000_000);

        assertThat(stage.snapshot()).containsEntry("count", 4L).containsEntry("sum", 4.0).containsEntry("total", 8.0)
                .containsEntry("sampled", true);
    }

    @Test
    void stripesAreAPowerOfTwoOfAtLeastTwiceTheCoresUpToSixteen() {
        assertThat(StageStatistics.stripesFor(1)).isEqualTo(2);
        assertThat(StageStatistics.stripesFor(2)).isEqualTo(4);
        assertThat(StageStatistics.stripesFor(3)).isEqualTo(8);
        assertThat(StageStatistics.stripesFor(8)).isEqualTo(16);
        assertThat(StageStatistics.stripesFor(64)).isEqualTo(16);
    }

    @Test
    void stripesOfSeveralThreadsMergeIntoTheSameFiguresAsOneSeries() throws Exception {
        StageStatistics stage = new StageStatistics("merge");
        Random random = new Random(7);
        int threads = StageStatistics.STRIPES * 2;
        long[][] durations = new long[threads][];
        for (int t = 0; t < threads; t++) {
            // each thread its own scale, so the stripes' means differ and the merge's cross term matters
            durations[t] = new long[50 + t];
            for (int i = 0; i < durations[t].length; i++) {
                durations[t][i] = 1_000_000L * (t + 1) + (long) (200_000 * random.nextGaussian());
            }
        }
        for (int t = 0; t < threads; t++) {
            long[] mine = durations[t];
            // one after the other: nothing contends, so every call is timed on its thread's stripe
            Thread thread = new Thread(() -> {
                for (long d : mine) {
                    stage.called();
                    stage.timed(d);
                }
            });
            thread.start();
            thread.join();
        }
        long[] all = java.util.Arrays.stream(durations).flatMapToLong(java.util.Arrays::stream).toArray();
        double mean = java.util.Arrays.stream(all).average().orElseThrow();
        double variance = java.util.Arrays.stream(all).mapToDouble(d -> (d - mean) * (d - mean)).sum() / all.length;

        Map<String, Object> snapshot = stage.snapshot();

        assertThat(snapshot).containsEntry("count", (long) all.length).doesNotContainKey("sampled");
        assertThat((Double) snapshot.get("sum")).isCloseTo(java.util.Arrays.stream(all).sum() / 1e6, within(0.002));
        assertThat((Double) snapshot.get("stdDev")).isCloseTo(Math.sqrt(variance) / 1e6, within(0.001));
        assertThat(snapshot.get("min")).isEqualTo(Math.round(java.util.Arrays.stream(all).min().orElseThrow() / 1e3) / 1e3);
        assertThat(snapshot.get("max")).isEqualTo(Math.round(java.util.Arrays.stream(all).max().orElseThrow() / 1e3) / 1e3);
    }

    @Test
    void concurrentCallsAreCountedExactlyAndConstantDurationsStayExact() throws Exception {
        StageStatistics stage = new StageStatistics("hot");
        int threads = 4;
        int calls = 20_000;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < calls; i++) {
                    stage.called();
                    stage.timed(2_000_000);
                }
            });
            workers[t].start();
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        Map<String, Object> snapshot = stage.snapshot();

        assertThat(snapshot).containsEntry("count", (long) threads * calls).containsEntry("mean", 2.0)
                .containsEntry("min", 2.0).containsEntry("max", 2.0).containsEntry("median", 2.0)
                .containsEntry("stdDev", 0.0);
    }

    @Test
    void aStripeIsReadWholeWhileItsThreadKeepsWriting() throws Exception {
        TimingStripe stripe = new TimingStripe();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            // every other call lasts one nanosecond more than the first: the shifted sum is half the count
            long i = 0;
            while (!stop.get()) {
                long nanos = 5_000 + (i & 1);
                int bucket = (int) (i % StageStatistics.BUCKETS);
                if (stripe.tryRecord(nanos, bucket)) {
                    i++;
                }
            }
        });
        writer.start();
        try {
            TimingStripe.Copy copy = new TimingStripe.Copy();
            int whole = 0;
            for (int read = 0; read < 20_000; read++) {
                long[] histogram = new long[StageStatistics.BUCKETS];
                boolean complete = stripe.readInto(copy, histogram);
                // whatever happened, the count is the histogram's: the median describes the calls counted
                assertThat(java.util.Arrays.stream(histogram).sum()).isEqualTo(copy.timed);
                if (complete) {
                    whole++;
                    assertThat(copy.shiftedSum).as("sum of a whole copy").isEqualTo(copy.timed / 2);
                }
            }
            assertThat(whole).isPositive();
        } finally {
            stop.set(true);
            writer.join();
        }
    }
}
