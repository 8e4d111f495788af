package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugins question on DuckDB against {@link PluginsScenario}'s reference: with the outcome flags
 * kept at ingest whatever order the events arrive in, and filled by the V4 migration for a file
 * written before them.
 */
class PluginsQuestionTest {

    @TempDir
    Path dir;

    @Test
    void eventsArrivingInAnyOrderAcrossBatchesGiveTheReferenceCounts() {
        PluginsScenario scenario = new PluginsScenario(17, 90);
        Collector collector = TestCollectors.start(dir.resolve("shuffled.duckdb").toString());
        try {
            Http http = TestCollectors.client(collector);
            scenario.send(http, 5, 7);
            scenario.assertPluginsAnswer(http);
            scenario.assertRunsAnswers(http);
        } finally {
            collector.close();
        }
    }

    @Test
    void aWholeRunInOneBatchGivesTheReferenceCounts() {
        PluginsScenario scenario = new PluginsScenario(23, 90);
        Collector collector = TestCollectors.start(dir.resolve("whole.duckdb").toString());
        try {
            Http http = TestCollectors.client(collector);
            scenario.send(http, 3, 10_000);
            scenario.assertPluginsAnswer(http);
        } finally {
            collector.close();
        }
    }

    @Test
    void migrationToV4FlagsThePluginRowsAlreadyStored() throws Exception {
        PluginsScenario scenario = new PluginsScenario(29, 90);
        Path file = dir.resolve("v3.duckdb");
        Collector first = TestCollectors.start(file.toString());
        try {
            scenario.send(TestCollectors.client(first), 7, 9);
        } finally {
            first.close();
        }
        long flagged = DuckDbFiles.count(file, "SELECT count(*) FROM run_plugins WHERE failed OR blamed");
        // Back to V3: what a file written by the previous release holds.
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            for (String table : new String[] {"run_plugins", "ingest_run_plugins", "run_plugin_sessions",
                    "ingest_run_plugin_sessions"}) {
                if (table.endsWith("sessions")) {
                    statement.execute("DELETE FROM " + table + " WHERE plugins = ''");
                }
                statement.execute("ALTER TABLE " + table + " DROP COLUMN failed");
                statement.execute("ALTER TABLE " + table + " DROP COLUMN blamed");
            }
            statement.execute("DELETE FROM schema_version WHERE version = 4");
        }
        assertThat(DuckDbFiles.count(file, "SELECT max(version) FROM schema_version")).isEqualTo(3);

        Collector second = TestCollectors.start(file.toString());
        try {
            scenario.assertPluginsAnswer(TestCollectors.client(second));
            scenario.assertRunsAnswers(TestCollectors.client(second));
        } finally {
            second.close();
        }
        assertThat(DuckDbFiles.count(file, "SELECT max(version) FROM schema_version")).isEqualTo(4);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM run_plugins WHERE failed OR blamed"))
                .isPositive().isEqualTo(flagged);
    }
}
