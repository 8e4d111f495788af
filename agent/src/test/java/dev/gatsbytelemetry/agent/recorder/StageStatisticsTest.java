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
}
