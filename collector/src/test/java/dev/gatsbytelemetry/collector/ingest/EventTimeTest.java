package dev.gatsbytelemetry.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The hand-read event time gives what {@link Instant#parse} gives, and leaves every other shape to it. */
class EventTimeTest {

    @Test
    void theAgentsShapeReadsAsInstantParseReadsIt() {
        for (String time : new String[] {"2026-12-07T10:15:30.123Z", "2026-12-07T10:15:30Z", "1999-01-01T00:00:00.000Z",
                "2026-02-28T23:59:59.999Z", "2024-02-29T12:00:00.500Z", "2026-01-31T01:02:03.004Z"}) {
            assertThat(EventMapper.time(time)).as(time)
                    .isEqualTo(LocalDateTime.ofInstant(Instant.parse(time), ZoneOffset.UTC));
        }
    }

    @Test
    void otherShapesTheSchemaAllowsStillParse() {
        assertThat(EventMapper.time("2026-12-07T10:15Z")).isEqualTo(LocalDateTime.of(2026, 12, 7, 10, 15));
        assertThat(EventMapper.time("2026-12-07T10:15:30.123456789Z"))
                .isEqualTo(LocalDateTime.of(2026, 12, 7, 10, 15, 30, 123_456_789));
        assertThat(EventMapper.time("2026-12-07T10:15:30.1Z")).isEqualTo(LocalDateTime.of(2026, 12, 7, 10, 15, 30, 100_000_000));
    }

    @Test
    void impossibleDatesAreRefusedAsBefore() {
        assertThatThrownBy(() -> EventMapper.time("2026-02-30T10:15:30.000Z")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> EventMapper.time("2026-13-01T10:15:30.000Z")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> EventMapper.time("2026-12-01T24:15:30.000Z")).isInstanceOf(DateTimeException.class);
    }
}
