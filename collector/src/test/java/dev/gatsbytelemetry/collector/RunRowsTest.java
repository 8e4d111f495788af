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
            for (String sql : new String[] {"DELETE FROM schema_version WHERE version = 4", "DROP TABLE run_plugin_pairs", "DROP TABLE run_plugin_sessions",
                    "DROP TABLE plugins", "DROP TABLE ingest_plugins", "DROP TABLE ingest_run_plugin_sessions",
                    "DROP SEQUENCE plugin_keys",
                    "DELETE FROM schema_version WHERE version = 3", "DROP TABLE runs", "DROP TABLE run_plugins", "DROP TABLE machines",
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
        assertThat(DuckDbFiles.count(file, "SELECT max(version) FROM schema_version")).isEqualTo(4);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM runs"))
                .isEqualTo(DuckDbFiles.count(file, "SELECT count(*) FROM events WHERE event_kind = 'end'"));
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM run_plugins"))
                .isEqualTo(DuckDbFiles.count(file, "SELECT count(*) FROM event_plugins"));
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM machines"))
                .isEqualTo(DuckDbFiles.count(file, "SELECT count(DISTINCT machine_id) FROM events"));
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM run_plugin_pairs")).isPositive()
                .isEqualTo(DuckDbFiles.count(file, "SELECT count(*) FROM run_plugins a JOIN run_plugins b "
                        + "ON a.session_id = b.session_id AND a.plugin < b.plugin"));
    }

    @Test
    void pairRowsAreKeptOncePerSessionWhateverBatchOrJvmListedThePlugins() {
        Path file = dir.resolve("pairs.duckdb");
        Collector collector = TestCollectors.start(file.toString());
        try {
            Http http = TestCollectors.client(collector);
            SampleEvents first = SampleEvents.run("build");
            SampleEvents second = SampleEvents.run("build");
            assertThat(http.post(SampleEvents.json(first.metadata("b@1", "a@1"), second.metadata("a@1", "c@1")))
                    .statusCode()).isEqualTo(200);
            // another JVM of the first session, in a later batch: c@1 and d@1 pair with a@1 and b@1 too
            String child = SampleEvents.json(first.metadata("c@1", "a@1", "d@1"));
            assertThat(http.post(child).statusCode()).isEqualTo(200);
            // the same batch again (a retry), and a third JVM listing known plugins: no new pair
            assertThat(http.post(child).statusCode()).isEqualTo(200);
            assertThat(http.post(SampleEvents.json(first.metadata("d@1", "b@1"))).statusCode()).isEqualTo(200);
        } finally {
            collector.close();
        }
        // first: a-b, a-c, a-d, b-c, b-d, c-d; second: a-c
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM run_plugin_pairs")).isEqualTo(7);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM run_plugin_pairs p JOIN plugins a ON a.plugin_key = p.plugin_a "
                + "JOIN plugins b ON b.plugin_key = p.plugin_b WHERE a.plugin >= b.plugin")).isZero();
        Collector again = TestCollectors.start(file.toString());
        try {
            var pairs = TestCollectors.client(again).getJson("/api/v1/plugins/pairs");
            assertThat(pairs).hasSize(6);
            assertThat(pairs.get(0).path("a").asText()).isEqualTo("a@1");
            assertThat(pairs.get(0).path("b").asText()).isEqualTo("c@1");
            assertThat(pairs.get(0).path("runs").asInt()).isEqualTo(2);
        } finally {
            again.close();
        }
    }
}
