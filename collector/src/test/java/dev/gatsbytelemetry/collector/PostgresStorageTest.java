package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The PostgreSQL backend on a real PostgreSQL 15 that the test starts itself: the same answers as
 * DuckDB, and several collector instances storing each event once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresStorageTest {

    private PostgresServer postgres;

    @BeforeAll
    void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void answersTheSameQuestionsWithTheSameNumbersAsDuckDb() {
        Collector collector = TestCollectors.start(postgres.newDatabase("api"));
        try {
            Http http = TestCollectors.client(collector);
            ApiTest.ApiScenario.load(http);
            ApiTest.ApiScenario.assertAnswers(http);
            ApiTest.ApiScenario.assertFilters(http);
        } finally {
            collector.close();
        }
    }

    @Test
    void aChildJvmsPluginsPairWithThoseTheSessionListedBefore() {
        Collector collector = TestCollectors.start(postgres.newDatabase("child"));
        try {
            Http http = TestCollectors.client(collector);
            SampleEvents run = SampleEvents.run("build");
            assertThat(http.post(SampleEvents.json(run.metadata("b@1", "a@1"))).statusCode()).isEqualTo(200);
            assertThat(http.post(SampleEvents.json(run.metadata("c@1", "a@1"))).statusCode()).isEqualTo(200);
            assertThat(http.getJson("/api/v1/plugins/pairs")).hasSize(3)
                    .allSatisfy(p -> assertThat(p.path("runs").asInt()).isEqualTo(1));
            assertThat(postgres.count("child", "SELECT count(*) FROM run_plugin_sessions WHERE plugins = 'a@1 b@1 c@1'"))
                    .isEqualTo(1);
        } finally {
            collector.close();
        }
    }

    @Test
    void pluginsAnswerLikeTheReferenceWhateverOrderTheEventsArriveIn() {
        PluginsScenario scenario = new PluginsScenario(17, 90);
        Collector collector = TestCollectors.start(postgres.newDatabase("plugins"));
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
    void aRunsPluginsAndOutcomeStoredAtOnceByTwoInstancesGiveExactFlags() throws Exception {
        String url = postgres.newDatabase("race");
        Collector a = TestCollectors.start(url);
        Collector b = TestCollectors.start(url);
        try {
            // Each session's metadata goes to one instance and its failed end and blaming error to the other,
            // all at once: whichever commits second must find the other's rows through the session's mark.
            ExecutorService clients = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            int sessions = 40;
            for (int i = 0; i < sessions; i++) {
                SampleEvents run = SampleEvents.run("build");
                String plugins = SampleEvents.json(run.metadata("md@1", "sass@2"));
                String outcome = SampleEvents.json(run.error("java.io.IOException", "render", "beef", "sass@2"),
                        run.end(1, 5, java.util.Map.of()));
                Http first = TestCollectors.client(i % 2 == 0 ? a : b);
                Http second = TestCollectors.client(i % 2 == 0 ? b : a);
                answers.add(clients.submit(() -> {
                    go.await();
                    return first.post(plugins);
                }));
                answers.add(clients.submit(() -> {
                    go.await();
                    return second.post(outcome);
                }));
            }
            go.countDown();
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
            }
            clients.shutdown();
            assertThat(postgres.count("race", "SELECT count(*) FROM run_plugins WHERE failed")).isEqualTo(2L * sessions);
            assertThat(postgres.count("race", "SELECT count(*) FROM run_plugins WHERE blamed AND plugin = 'sass@2'"))
                    .isEqualTo(sessions);
            assertThat(postgres.count("race", "SELECT count(*) FROM run_plugins WHERE blamed AND plugin = 'md@1'")).isZero();
            assertThat(TestCollectors.client(a).getJson("/api/v1/plugins")).hasSize(2).allSatisfy(row -> assertThat(row.path("failedRuns").asInt()).isEqualTo(sessions));
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void migrationToV4FlagsThePluginRowsAlreadyStored() {
        PluginsScenario scenario = new PluginsScenario(29, 90);
        String url = postgres.newDatabase("v4");
        Collector first = TestCollectors.start(url);
        try {
            scenario.send(TestCollectors.client(first), 7, 9);
        } finally {
            first.close();
        }
        long flagged = postgres.count("v4", "SELECT count(*) FROM run_plugins WHERE failed OR blamed");
        // Back to V3: what a database written by the previous release holds.
        for (String sql : List.of("DELETE FROM run_plugin_sessions WHERE plugins = ''",
                "ALTER TABLE run_plugins DROP COLUMN failed", "ALTER TABLE run_plugins DROP COLUMN blamed",
                "ALTER TABLE run_plugin_sessions DROP COLUMN failed", "ALTER TABLE run_plugin_sessions DROP COLUMN blamed",
                "DELETE FROM schema_version WHERE version = 4")) {
            postgres.sql("v4", sql);
        }
        Collector second = TestCollectors.start(url);
        try {
            scenario.assertPluginsAnswer(TestCollectors.client(second));
            scenario.assertRunsAnswers(TestCollectors.client(second));
        } finally {
            second.close();
        }
        assertThat(postgres.count("v4", "SELECT max(version) FROM schema_version")).isEqualTo(4);
        assertThat(postgres.count("v4", "SELECT count(*) FROM run_plugins WHERE failed OR blamed")).isPositive().isEqualTo(flagged);
    }

    @Test
    void migrationToV3PairsThePluginsAlreadyStored() {
        String url = postgres.newDatabase("v3");
        Collector first = TestCollectors.start(url);
        try {
            ApiTest.ApiScenario.load(TestCollectors.client(first));
        } finally {
            first.close();
        }
        long keptAtIngest = postgres.count("v3", "SELECT count(*) FROM run_plugin_pairs");
        // Back to V2: what a database written by the previous release holds.
        for (String sql : List.of("ALTER TABLE run_plugins DROP COLUMN failed", "ALTER TABLE run_plugins DROP COLUMN blamed",
                "DELETE FROM schema_version WHERE version = 4",
                "DROP TABLE run_plugin_pairs", "DROP TABLE run_plugin_sessions", "DROP TABLE plugins",
                "DELETE FROM schema_version WHERE version = 3")) {
            postgres.sql("v3", sql);
        }
        Collector second = TestCollectors.start(url);
        try {
            ApiTest.ApiScenario.assertAnswers(TestCollectors.client(second));
        } finally {
            second.close();
        }
        assertThat(postgres.count("v3", "SELECT max(version) FROM schema_version")).isEqualTo(4);
        assertThat(postgres.count("v3", "SELECT count(*) FROM run_plugin_pairs")).isPositive().isEqualTo(keptAtIngest);
        // (V4 adds marks without plugin names for sessions that failed or blamed a plugin)
        assertThat(postgres.count("v3", "SELECT count(*) FROM run_plugin_sessions WHERE plugins <> ''"))
                .isEqualTo(postgres.count("v3", "SELECT count(DISTINCT session_id) FROM run_plugins"));
    }

    @Test
    void twoInstancesReceivingTheSameBatchesConcurrentlyStoreEachEventOnce() throws Exception {
        String url = postgres.newDatabase("twice");
        // Started together: both migrate the empty database at once, behind the advisory lock.
        ExecutorService starter = Executors.newFixedThreadPool(2);
        Future<Collector> startA = starter.submit(() -> TestCollectors.start(url));
        Future<Collector> startB = starter.submit(() -> TestCollectors.start(url));
        Collector a = startA.get();
        Collector b = startB.get();
        starter.shutdown();
        try {
            List<String> batches = new ArrayList<>();
            List<String> shuffledCopies = new ArrayList<>();
            int perBatch = 50;
            for (int i = 0; i < 30; i++) {
                // Instance b gets each batch shuffled: the two transactions meet the same ids in different orders.
                // Whole runs: their end and metadata events also make per-run rows (runs, run_plugins,
                // machines), which must exist once too however the two instances race.
                List<java.util.Map<String, Object>> events = new ArrayList<>();
                for (int r = 0; r < perBatch / 5; r++) {
                    SampleEvents run = SampleEvents.run("build");
                    events.addAll(List.of(run.start(), run.metadata("md@1", "sass@2"),
                            run.end(0, 5, java.util.Map.of("render", new long[] {1, 0, 5})), run.start(), run.start()));
                }
                batches.add(SampleEvents.json(events));
                var shuffled = new ArrayList<>(events);
                java.util.Collections.shuffle(shuffled);
                shuffledCopies.add(SampleEvents.json(shuffled));
            }
            ExecutorService clients = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < batches.size(); i++) {
                String key = "batch-" + i;
                for (var target : List.of(java.util.Map.entry(a, batches.get(i)), java.util.Map.entry(b, shuffledCopies.get(i)))) {
                    Http http = TestCollectors.client(target.getKey());
                    answers.add(clients.submit(() -> {
                        go.await();
                        return http.post(target.getValue(), "Idempotency-Key", key);
                    }));
                }
            }
            go.countDown();
            int accepted = 0;
            int duplicates = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                accepted += Http.json(response.body()).path("accepted").asInt();
                duplicates += Http.json(response.body()).path("duplicates").asInt();
            }
            clients.shutdown();

            int unique = batches.size() * perBatch;
            assertThat(accepted).isEqualTo(unique);
            assertThat(duplicates).isEqualTo(unique);
            assertThat(postgres.count("twice", "SELECT count(*) FROM events")).isEqualTo(unique);
            assertThat(postgres.count("twice", "SELECT count(DISTINCT event_id) FROM events")).isEqualTo(unique);
            assertThat(postgres.count("twice", "SELECT count(*) FROM batch_receipts")).isEqualTo(batches.size());
            int runs = batches.size() * perBatch / 5;
            assertThat(postgres.count("twice", "SELECT count(*) FROM runs")).isEqualTo(runs);
            assertThat(postgres.count("twice", "SELECT count(*) FROM run_plugins")).isEqualTo(2L * runs);
            assertThat(postgres.count("twice", "SELECT count(*) FROM machines")).isEqualTo(runs);
            assertThat(postgres.count("twice", "SELECT count(DISTINCT machine_key) FROM run_plugins")).isEqualTo(runs);
            assertThat(postgres.count("twice", "SELECT count(*) FROM run_plugin_pairs")).isEqualTo(runs);
            assertThat(postgres.count("twice", "SELECT max(version) FROM schema_version")).isEqualTo(4);
        } finally {
            a.close();
            b.close();
        }
    }
}
