package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-run rows (schema V2): kept at ingest once per session and plugin, and filled by the migration
 * for a DuckDB file written before them.
 */
class RunRowsTest {

    @TempDir
    Path dir;

    @Test
    void aSessionWhoseChildJvmAlsoSendsMetadataIsOneRunOfEachPlugin() {
        Collector collector = TestCollectors.start(dir.resolve("child.duckdb").toString());
        try {
            Http http = TestCollectors.client(collector);
            SampleEvents run = SampleEvents.run("build");
            // the parent JVM's events, then, in another batch, a child JVM of the same session
            assertThat(http.post(SampleEvents.json(run.start(), run.metadata("md@1", "sass@2"),
                    run.end(1, 10, java.util.Map.of()))).statusCode()).isEqualTo(200);
            assertThat(http.post(SampleEvents.json(run.metadata("md@1", "img@3"))).statusCode()).isEqualTo(200);
            var plugins = http.getJson("/api/v1/plugins");
            assertThat(plugins).hasSize(3);
            plugins.forEach(p -> {
                assertThat(p.path("runs").asInt()).as(p.toString()).isEqualTo(1);
                assertThat(p.path("machines").asInt()).as(p.toString()).isEqualTo(1);
                assertThat(p.path("failedRuns").asInt()).as(p.toString()).isEqualTo(1);
            });
            // plugins used together in one session: img@3 with the parent JVM's too
            assertThat(http.getJson("/api/v1/plugins/pairs")).hasSize(3).allSatisfy(p -> assertThat(p.path("runs").asInt()).isEqualTo(1));
        } finally {
            collector.close();
        }
    }

    @Test
    void migrationFillsPerRunRowsFromStoredEvents() throws Exception {
        Path file = dir.resolve("old.duckdb");
        Collector first = TestCollectors.start(file.toString());
        try {
            ApiTest.ApiScenario.load(TestCollectors.client(first));
        } finally {
            first.close();
        }
        // Back to V1: what a file written by the previous release holds.
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            for (String sql : new String[] {"DROP TABLE runs", "DROP TABLE run_plugins", "DROP TABLE machines",
                    "DROP TABLE ingest_machines", "DROP TABLE ingest_run_plugins", "DROP SEQUENCE machine_keys",
                    "DELETE FROM schema_version WHERE version = 2"}) {
                statement.execute(sql);
            }
        }
        assertThat(DuckDbFiles.count(file, "SELECT max(version) FROM schema_version")).isEqualTo(1);

        Collector second = TestCollectors.start(file.toString());
        try {
            ApiTest.ApiScenario.assertAnswers(TestCollectors.client(second));
        } finally {
            second.close();
        }
        assertThat(DuckDbFiles.count(file, "SELECT max(version) FROM schema_version")).isEqualTo(2);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM runs"))
                .isEqualTo(DuckDbFiles.count(file, "SELECT count(*) FROM events WHERE event_kind = 'end'"));
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM run_plugins"))
                .isEqualTo(DuckDbFiles.count(file, "SELECT count(*) FROM event_plugins"));
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM machines"))
                .isEqualTo(DuckDbFiles.count(file, "SELECT count(DISTINCT machine_id) FROM events"));
    }
}
