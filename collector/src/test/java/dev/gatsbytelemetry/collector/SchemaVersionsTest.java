package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.collector.ingest.EventMapper;
import dev.gatsbytelemetry.collector.ingest.EventValidator;
import dev.gatsbytelemetry.collector.storage.StoredEvent.EventKind;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events of every schema version the collector ships a schema for are stored and counted alike. */
class SchemaVersionsTest {

    @TempDir
    Path dir;

    @Test
    void eventNamesOfBothVersionsMapToTheSameKinds() {
        assertThat(EventMapper.kindOf("CLI_COMMAND_BUILD")).isEqualTo(EventKind.START);
        assertThat(EventMapper.kindOf("BUILD_END")).isEqualTo(EventKind.END);
        assertThat(EventMapper.kindOf("CLI_RAW_COMMAND_BUILD")).isEqualTo(EventKind.START);
        assertThat(EventMapper.kindOf("CLI_COMMAND_BUILD_END")).isEqualTo(EventKind.END);
        assertThat(EventMapper.kindOf("CLI_COMMAND_BUILD_HEARTBEAT")).isEqualTo(EventKind.HEARTBEAT);
        assertThat(EventMapper.kindOf("CLI_COMMAND_METADATA")).isEqualTo(EventKind.METADATA);
        assertThat(EventMapper.kindOf("CLI_ERROR_UNCAUGHT_EXCEPTION")).isEqualTo(EventKind.ERROR);
        // a command literally named "metadata" or "end" in v1
        assertThat(EventMapper.kindOf("CLI_COMMAND_END")).isEqualTo(EventKind.END);
    }

    @Test
    void everyShippedVersionIsAcceptedAndCountedAsRuns() {
        List<Integer> versions = new EventValidator().versions();
        assertThat(versions).contains(1);
        Collector collector = TestCollectors.start(dir.resolve("v.duckdb").toString());
        try {
            Http http = TestCollectors.client(collector);
            for (int version : versions) {
                SampleEvents run = SampleEvents.run("build").version(version);
                HttpResponse<String> response = http.post(SampleEvents.json(run.start(), run.metadata("p@1"),
                        run.error("java.io.IOException", "render", "beef", "p@1"),
                        run.end(1, 10, Map.of("render", new long[] {1, 1, 5}))));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Http.json(response.body()).path("accepted").asInt()).as("v%d: %s", version, response.body())
                        .isEqualTo(4);
            }
            assertThat(http.getJson("/api/v1/commands").get(0).path("runs").asInt()).isEqualTo(versions.size());
            assertThat(http.getJson("/api/v1/stages").get(0).path("errors").asInt()).isEqualTo(versions.size());
        } finally {
            collector.close();
        }
    }

    @Test
    void anUnknownVersionIsRejectedNotStored() {
        Collector collector = TestCollectors.start(dir.resolve("u.duckdb").toString());
        try {
            Map<String, Object> event = SampleEvents.run("build").start();
            event.put("schemaVersion", 99);
            HttpResponse<String> response = TestCollectors.client(collector).post(SampleEvents.json(event));
            assertThat(Http.json(response.body()).path("rejected").asInt()).isEqualTo(1);
        } finally {
            collector.close();
        }
    }
}
