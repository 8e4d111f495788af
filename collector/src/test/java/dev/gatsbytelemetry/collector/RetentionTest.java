package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.collector.ingest.EventMapper;
import dev.gatsbytelemetry.collector.storage.BatchReceipt;
import dev.gatsbytelemetry.collector.storage.StoredEvent;
import dev.gatsbytelemetry.collector.storage.duckdb.DuckDbStorage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Retention deletes what is older than the cutoff, with its stage and plugin rows, and keeps the rest. */
class RetentionTest {

    @TempDir
    Path dir;

    @Test
    void deletesOlderEventsAndTheirRowsOnly() throws Exception {
        Path file = dir.resolve("ret.duckdb");
        SampleEvents old = SampleEvents.run("build").at("2025-01-01T00:00:00.000Z");
        SampleEvents recent = SampleEvents.run("build").at("2026-12-01T00:00:00.000Z");
        try (DuckDbStorage storage = DuckDbStorage.open(file)) {
            storage.consumer().store(List.of(
                    stored(old.end(0, 5, Map.of("render", new long[] {1, 0, 2}))), stored(old.metadata("a@1")),
                    stored(recent.end(0, 5, Map.of("render", new long[] {1, 0, 2}))), stored(recent.metadata("a@1"))),
                    List.of(new BatchReceipt("k", 4, 0)));

            long deleted = storage.consumer().deleteOlderThan(Instant.parse("2026-01-01T00:00:00Z"));

            assertThat(deleted).isEqualTo(2);
        }
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM events")).isEqualTo(2);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM event_stages")).isEqualTo(1);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM event_plugins")).isEqualTo(1);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM events WHERE event_time < TIMESTAMP '2026-01-01'")).isZero();
    }

    private static StoredEvent stored(Map<String, Object> event) {
        JsonMapper json = JsonMapper.builder().build();
        return EventMapper.map(json.valueToTree(event), json.writeValueAsString(event));
    }
}
