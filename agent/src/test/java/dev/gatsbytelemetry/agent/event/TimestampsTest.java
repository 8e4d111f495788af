package dev.gatsbytelemetry.agent.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void alwaysMillisecondsAndZ() {
        assertThat(Timestamps.utc(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        long t = Instant.parse("2026-11-27T08:00:00.007Z").toEpochMilli();
        assertThat(Timestamps.utc(t)).isEqualTo("2026-11-27T08:00:00.007Z");
        assertThat(Timestamps.utc(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
        assertThat(Timestamps.compactUtc(t)).isEqualTo("20261127T080000007Z");
    }

    @Test
    void sameInstantAsJavaTime() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long min = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
            long max = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
            long millis = min + Math.floorMod(r.nextLong(), max - min + 1);
            String s = Timestamps.utc(millis);
            assertThat(Instant.parse(s).toEpochMilli()).as(s).isEqualTo(millis);
            assertThat(s).as(s).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        }
    }

    @Test
    void yearsBeyondFourDigitsFallBackToJavaTime() {
        long far = Instant.parse("+12026-01-01T00:00:00Z").toEpochMilli();
        assertThat(Timestamps.utc(far)).isEqualTo(Instant.ofEpochMilli(far).toString());
    }
}
