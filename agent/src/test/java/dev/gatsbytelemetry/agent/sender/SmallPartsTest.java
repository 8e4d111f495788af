package dev.gatsbytelemetry.agent.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retry-After, the JSON check, batch sizing, back-off arithmetic and settings defaults. */
class SmallPartsTest {

    @TempDir
    Path dir;

    @Test
    void retryAfterAcceptsSecondsAndHttpDates() {
        long now = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long max = Duration.ofHours(24).toMillis();
        assertThat(RetryAfter.parseMillis("120", now, max)).isEqualTo(120_000);
        assertThat(RetryAfter.parseMillis(" 0 ", now, max)).isZero();
        assertThat(RetryAfter.parseMillis("99999999999999999999", now, max)).isEqualTo(max);
        assertThat(RetryAfter.parseMillis("Thu, 01 Jan 2026 00:05:00 GMT", now, max)).isEqualTo(300_000);
        assertThat(RetryAfter.parseMillis("Wed, 31 Dec 2025 00:00:00 GMT", now, max)).as("past date").isZero();
        String inTwoDays = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(now).plus(Duration.ofDays(2))
                .atZone(ZoneOffset.UTC));
        assertThat(RetryAfter.parseMillis(inTwoDays, now, max)).isEqualTo(max);
        assertThat(RetryAfter.parseMillis("soon", now, max)).isEqualTo(RetryAfter.NONE);
        assertThat(RetryAfter.parseMillis("-5", now, max)).isEqualTo(RetryAfter.NONE);
        assertThat(RetryAfter.parseMillis(null, now, max)).isEqualTo(RetryAfter.NONE);
    }

    @Test
    void jsonCheckAcceptsRealJsonAndRefusesTheRest() {
        assertThat(JsonText.isObject("{\"a\":[1,-2.5e3,true,false,null,{\"b\":\"\\u00e9\\n\"}]}")).isTrue();
        assertThat(JsonText.isObject(" {} ")).isTrue();
        assertThat(JsonText.isObject("{\"a\":}")).isFalse();
        assertThat(JsonText.isObject("{\"a\":1}x")).isFalse();
        assertThat(JsonText.isObject("{\"a\":01}")).isFalse();
        assertThat(JsonText.isObject("{\"a\":\"tab\there\"}")).isFalse();
        assertThat(JsonText.isObject("{'a':1}")).isFalse();
        assertThat(JsonText.isObject("[{}]")).isFalse();
        assertThat(JsonText.isObject("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}")).as("too deep").isFalse();
        assertThat(JsonText.objectArrayLength("[{},{\"x\":[1]}]")).isEqualTo(2);
        assertThat(JsonText.objectArrayLength("[]")).isZero();
        assertThat(JsonText.objectArrayLength("[{},]")).isEqualTo(-1);
        assertThat(JsonText.objectArrayLength("[{}")).isEqualTo(-1);
        assertThat(dev.gatsbytelemetry.agent.event.JsonWriter.write("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    }

    @Test
    void eventIdInjectionKeepsValidJson() {
        assertThat(EventSender.withEventId("x\"y", "{\"a\":1}")).isEqualTo("{\"eventId\":\"x\\\"y\",\"a\":1}");
        assertThat(EventSender.withEventId("id", "{\"eventId\":\"own\"}")).isEqualTo("{\"eventId\":\"own\"}");
        assertThat(EventSender.withEventId(null, "{}")).isEqualTo("{}");
        assertThat(EventSender.withEventId("id", "nope")).isNull();
    }

    @Test
    void batchBuilderCountsUtf8BytesCommasAndBrackets() {
        assertThat(BatchBuilder.utf8Length("aé€😀")).isEqualTo("aé€😀".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        BatchBuilder batch = new BatchBuilder(10, 2 + 3 + 1 + 3);
        assertThat(batch.tryAdd("{1}", 3)).isTrue();
        assertThat(batch.tryAdd("{2}", 3)).isTrue();
        assertThat(batch.tryAdd("{}", 2)).isFalse();
        assertThat(batch.build()).isEqualTo("[{1},{2}]");
        BatchBuilder byCount = new BatchBuilder(1, 1000);
        assertThat(byCount.tryAdd("{}", 2)).isTrue();
        assertThat(byCount.tryAdd("{}", 2)).isFalse();
    }

    @Test
    void backOffGrowsExponentiallyWithJitterAndIsCapped() throws Exception {
        SenderSettings settings = SenderSettings.builder().spoolDirectory(dir).build();
        DeliveryState state = new DeliveryState(dir, settings, new TestSupport.MutableClock());
        long base = Duration.ofMinutes(10).toMillis();
        for (int failures = 1; failures <= 12; failures++) {
            long full = Math.min(Duration.ofHours(24).toMillis(), base << (failures - 1));
            for (int i = 0; i < 50; i++) {
                assertThat(state.jitteredWindow(failures)).isBetween(full / 2, full);
            }
        }
        assertThat(state.jitteredWindow(1000)).isBetween(Duration.ofHours(12).toMillis(), Duration.ofHours(24).toMillis());
    }

    @Test
    void simultaneousFailuresOfSeveralProcessesDoNotCompound() throws Exception {
        TestSupport.MutableClock clock = new TestSupport.MutableClock();
        SenderSettings settings = SenderSettings.builder().spoolDirectory(dir).build();
        DeliveryState state = new DeliveryState(dir, settings, clock);
        long first = state.recordFailure(RetryAfter.NONE);
        for (int i = 0; i < 10; i++) {
            state.recordFailure(RetryAfter.NONE);
        }
        assertThat(state.notBeforeMillis() - clock.millis()).isLessThanOrEqualTo(Duration.ofMinutes(10).toMillis());
        assertThat(state.notBeforeMillis()).isGreaterThanOrEqualTo(first);
        clock.advance(Duration.ofMinutes(11));
        state.recordFailure(RetryAfter.NONE); // second real failure: 20 min window
        assertThat(state.notBeforeMillis() - clock.millis()).isBetween(Duration.ofMinutes(10).toMillis(),
                Duration.ofMinutes(20).toMillis());
        state.recordSuccess();
        assertThat(state.inWindow()).isFalse();
    }

    @Test
    void corruptOrAbsurdBackOffFilesAreIgnored() throws Exception {
        TestSupport.MutableClock clock = new TestSupport.MutableClock();
        SenderSettings settings = SenderSettings.builder().spoolDirectory(dir).build();
        DeliveryState state = new DeliveryState(dir, settings, clock);
        java.nio.file.Files.writeString(dir.resolve(DeliveryState.FILE_NAME), "failures=zz\nnotBefore=\u0000");
        assertThat(state.inWindow()).isFalse();
        java.nio.file.Files.writeString(dir.resolve(DeliveryState.FILE_NAME),
                "failures=1\nnotBefore=" + (clock.millis() + Duration.ofDays(365).toMillis()));
        assertThat(state.inWindow()).as("a window beyond twice the maximum is not believed").isFalse();
    }

    @Test
    void settingsHaveTheDocumentedDefaultsAndClampNonsense() {
        SenderSettings defaults = SenderSettings.builder().build();
        assertThat(defaults.endpoint()).isNull();
        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.gzip()).isTrue();
        assertThat(defaults.flushTimeoutMillis()).isEqualTo(250);
        assertThat(defaults.maxBatchEvents()).isEqualTo(100);
        assertThat(defaults.maxBatchBytes()).isEqualTo(256 * 1024);
        assertThat(defaults.maxSpoolBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(defaults.maxSpoolFiles()).isEqualTo(1000);
        assertThat(defaults.maxSpoolAge()).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.backoffWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.maxBackoffWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.exitConnectTimeoutMillis()).isEqualTo(150);
        assertThat(defaults.backgroundConnectTimeoutMillis()).isEqualTo(2000);
        assertThat(defaults.backgroundReadTimeoutMillis()).isEqualTo(5000);

        SenderSettings odd = SenderSettings.builder().flushTimeoutMillis(-5).maxBatchEvents(0)
                .maxSpoolAge(Duration.ofDays(-1)).backoffWindow(null).userAgent(" ")
                .systemProperties(java.util.Collections.singletonMap("k", null)).build();
        assertThat(odd.flushTimeoutMillis()).isZero();
        assertThat(odd.maxBatchEvents()).isEqualTo(1);
        assertThat(odd.maxSpoolAge()).isEqualTo(Duration.ofDays(7));
        assertThat(odd.backoffWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(odd.userAgent()).isEqualTo("gatsby-telemetry-agent");
    }
}
