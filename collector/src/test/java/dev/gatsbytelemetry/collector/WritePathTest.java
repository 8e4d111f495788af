package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.collector.ingest.BatchDecoder;
import dev.gatsbytelemetry.collector.ingest.EventValidator;
import dev.gatsbytelemetry.collector.storage.JdbcEventConsumer;
import dev.gatsbytelemetry.collector.storage.StorageComponent;
import dev.gatsbytelemetry.collector.storage.StoredEvent;
import dev.gatsbytelemetry.collector.storage.duckdb.DuckDbStorage;
import dev.gatsbytelemetry.collector.storage.postgres.PostgresStorage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write path's short cuts keep its guarantees: DuckDB's transactions that assume new keys fall
 * back to the conflict-checked way, leaving nothing of the failed try behind; remembered machine and
 * plugin keys are always the database's, also with two instances on PostgreSQL and retention between.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WritePathTest {

    private static final BatchDecoder DECODER = new BatchDecoder(new EventValidator(), 5L << 20, 50L << 20);

    /** Every per-run row carries the key its machine and plugins have in the key tables. */
    private static final String KEYS_WRONG = "SELECT "
            + "(SELECT count(*) FROM runs r JOIN events e ON e.event_id = r.event_id"
            + " LEFT JOIN machines m ON m.machine_id = e.machine_id WHERE m.machine_key IS DISTINCT FROM r.machine_key)"
            + " + (SELECT count(*) FROM run_plugins p JOIN events e ON e.session_id = p.session_id AND e.event_kind = 'metadata'"
            + " LEFT JOIN machines m ON m.machine_id = e.machine_id WHERE m.machine_key IS DISTINCT FROM p.machine_key)"
            + " + (SELECT count(*) FROM run_plugin_pairs p LEFT JOIN plugins a ON a.plugin_key = p.plugin_a"
            + " LEFT JOIN plugins b ON b.plugin_key = p.plugin_b WHERE a.plugin IS NULL OR b.plugin IS NULL)";

    @TempDir
    Path dir;

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
    void aDuckDbTransactionMeetingStoredEventsIsWrittenAgainCheckedAndStoresEachRowOnce() throws Exception {
        Path file = dir.resolve("mixed.duckdb");
        SampleEvents a = SampleEvents.run("build").at(now());
        SampleEvents b = SampleEvents.run("build").at(now());
        List<Map<String, Object>> first = List.of(a.start(), a.metadata("md@1", "sass@2"), end(a));
        List<Map<String, Object>> second = List.of(b.start(), b.metadata("md@1", "img@3"), end(b));
        try (StorageComponent storage = DuckDbStorage.open(file)) {
            JdbcEventConsumer consumer = (JdbcEventConsumer) storage.consumer();
            assertThat(consumer.store(decode(first), List.of())).hasSize(3);
            assertThat(consumer.keyConflicts()).isZero();
            // One transaction of two batches: run b (new) and run a again (a resend without Idempotency-Key).
            List<StoredEvent> mixed = decode(second);
            List<StoredEvent> resent = decode(first);
            mixed.addAll(resent);
            Set<String> stored = consumer.store(mixed, List.of());
            assertThat(stored).isEqualTo(ids(decode(second)));
            assertThat(consumer.keyConflicts()).as("the try assuming new keys met run a's ids").isEqualTo(1);
            // The next transactions check keys first: a resend burst pays for one try only.
            SampleEvents c = SampleEvents.run("build").at(now());
            assertThat(consumer.store(decode(List.of(c.start(), end(c))), List.of())).hasSize(2);
            assertThat(consumer.store(resent, List.of())).isEmpty();
            assertThat(consumer.keyConflicts()).isEqualTo(1);
        }
        // Nothing of the failed try is left: each row once.
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM events")).isEqualTo(8);
        assertThat(DuckDbFiles.count(file, "SELECT count(DISTINCT event_id) FROM events")).isEqualTo(8);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM event_stages")).isEqualTo(3 * 2);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM event_plugins")).isEqualTo(4);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM runs")).isEqualTo(3);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM run_plugins")).isEqualTo(4);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM run_plugin_sessions")).isEqualTo(2);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM run_plugin_pairs")).isEqualTo(2);
        for (String scratch : List.of("ingest_events", "ingest_run_plugins", "ingest_run_plugin_sessions",
                "ingest_machines", "ingest_plugins")) {
            assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM " + scratch)).as(scratch).isZero();
        }
        assertThat(DuckDbFiles.count(file, KEYS_WRONG)).isZero();
    }

    @Test
    void aConflictChecksOnlyItsTableForAWhile() throws Exception {
        Path file = dir.resolve("tables.duckdb");
        SampleEvents a = SampleEvents.run("build").at(now());
        try (StorageComponent storage = DuckDbStorage.open(file)) {
            JdbcEventConsumer consumer = (JdbcEventConsumer) storage.consumer();
            List<StoredEvent> first = decode(List.of(a.start(), a.metadata("md@1", "sass@2"), end(a)));
            consumer.store(first, List.of());
            // A child JVM of the same session lists md@1 again: its run_plugins row is stored already.
            assertThat(consumer.store(decode(List.of(a.metadata("md@1", "img@3"))), List.of())).hasSize(1);
            assertThat(consumer.keyConflicts()).isEqualTo(1);
            // Another child: run_plugins is checked now, no second try.
            assertThat(consumer.store(decode(List.of(a.metadata("md@1", "x@1"))), List.of())).hasSize(1);
            assertThat(consumer.keyConflicts()).isEqualTo(1);
            // Events are still assumed new: a resend costs its second try.
            assertThat(consumer.store(first, List.of())).isEmpty();
            assertThat(consumer.keyConflicts()).isEqualTo(2);
        }
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM events")).isEqualTo(5);
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM run_plugins")).isEqualTo(4);
        // md, sass, img, x used together in one session: 6 pairs
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM run_plugin_pairs")).isEqualTo(6);
        assertThat(DuckDbFiles.count(file, KEYS_WRONG)).isZero();
    }

    @Test
    void rememberedKeysStayTheDatabasesAcrossTwoPostgresInstancesAndRetention() throws Exception {
        String url = postgres.newDatabase("keys");
        try (PostgresStorage one = PostgresStorage.open(url); PostgresStorage two = PostgresStorage.open(url)) {
            JdbcEventConsumer a = (JdbcEventConsumer) one.consumer();
            JdbcEventConsumer b = (JdbcEventConsumer) two.consumer();
            String machine = java.util.UUID.randomUUID().toString();
            // Recent runs of one machine through both instances: both remember its key, the same one.
            for (int i = 0; i < 3; i++) {
                for (JdbcEventConsumer instance : List.of(a, b)) {
                    SampleEvents run = new SampleEvents(machine, "sitegen", "1.0.0", "build").at(now());
                    instance.store(decode(List.of(run.start(), run.metadata("md@1", "p" + i + "@1"), end(run))), List.of());
                }
            }
            assertThat(a.rememberedMachineKeys()).isEqualTo(1);
            assertThat(b.rememberedMachineKeys()).isEqualTo(1);
            // A machine seen only in an old run is not remembered: another instance's retention may delete its key.
            String old = java.util.UUID.randomUUID().toString();
            SampleEvents oldRun = new SampleEvents(old, "sitegen", "1.0.0", "build")
                    .at(Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS).toString());
            a.store(decode(List.of(oldRun.start(), oldRun.metadata("old@1", "md@1"), end(oldRun))), List.of());
            assertThat(a.rememberedMachineKeys()).isEqualTo(1);
            long oldKey = postgres.count("keys", "SELECT machine_key FROM machines WHERE machine_id = '" + old + "'");
            b.deleteOlderThan(Instant.now().minus(1, ChronoUnit.DAYS));
            assertThat(postgres.count("keys", "SELECT count(*) FROM machines WHERE machine_id = '" + old + "'")).isZero();
            // The old machine comes back: a new key from the database, not the deleted one.
            SampleEvents back = new SampleEvents(old, "sitegen", "1.0.0", "build").at(now());
            a.store(decode(List.of(back.start(), back.metadata("old@1", "new@1"), end(back))), List.of());
            assertThat(postgres.count("keys", "SELECT machine_key FROM machines WHERE machine_id = '" + old + "'"))
                    .isNotEqualTo(oldKey);
            SampleEvents again = new SampleEvents(machine, "sitegen", "1.0.0", "build").at(now());
            b.store(decode(List.of(again.start(), again.metadata("md@1", "old@1"), end(again))), List.of());
        }
        assertThat(postgres.count("keys", "SELECT count(*) FROM runs")).isEqualTo(8);
        assertThat(postgres.count("keys", KEYS_WRONG)).isZero();
    }

    @Test
    void rememberedKeysOnDuckDbAreTheFilesAfterRetention() throws Exception {
        Path file = dir.resolve("keys.duckdb");
        String machine = java.util.UUID.randomUUID().toString();
        try (StorageComponent storage = DuckDbStorage.open(file)) {
            JdbcEventConsumer consumer = (JdbcEventConsumer) storage.consumer();
            for (int i = 0; i < 3; i++) {
                SampleEvents run = new SampleEvents(machine, "sitegen", "1.0.0", "build").at(now());
                consumer.store(decode(List.of(run.start(), run.metadata("md@1", "p" + i + "@1"), end(run))), List.of());
            }
            assertThat(consumer.rememberedMachineKeys()).isEqualTo(1);
            consumer.deleteOlderThan(Instant.now().plus(1, ChronoUnit.DAYS));
            assertThat(consumer.rememberedMachineKeys()).isZero();
            SampleEvents run = new SampleEvents(machine, "sitegen", "1.0.0", "build").at(now());
            consumer.store(decode(List.of(run.start(), run.metadata("md@1", "p9@1"), end(run))), List.of());
        }
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM runs")).isEqualTo(1);
        assertThat(DuckDbFiles.count(file, KEYS_WRONG)).isZero();
    }

    private static Map<String, Object> end(SampleEvents run) {
        return run.end(0, 10, Map.of("render", new long[] {1, 0, 5}, "write", new long[] {2, 0, 3}));
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static List<StoredEvent> decode(List<Map<String, Object>> events) throws Exception {
        byte[] body = SampleEvents.json(events).getBytes(StandardCharsets.UTF_8);
        var batch = DECODER.decode(new ByteArrayInputStream(body), false);
        assertThat(batch.rejected()).as(batch.rejections().toString()).isZero();
        return new ArrayList<>(batch.events());
    }

    private static Set<String> ids(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::eventId).collect(Collectors.toSet());
    }
}
