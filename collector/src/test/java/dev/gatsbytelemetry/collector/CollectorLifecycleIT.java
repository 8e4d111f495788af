package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a real process on a DuckDB file: SIGTERM loses no acknowledged event, and a
 * collector killed in the middle of ingest, restarted on the same file and sent everything again
 * holds each event exactly once.
 */
class CollectorLifecycleIT {

    @TempDir
    Path dir;

    @Test
    void sigtermDuringIngestLosesNoAcknowledgedEvent() throws Exception {
        Path db = dir.resolve("term.duckdb");
        CollectorProcess collector = CollectorProcess.start("--port", "0", "--db", db.toString());
        Http http = collector.http();
        List<List<Map<String, Object>>> batches = batches(200, 20);
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<?>> work = new ArrayList<>();
        for (List<Map<String, Object>> batch : batches) {
            work.add(clients.submit(() -> {
                try {
                    HttpResponse<String> response = http.post(SampleEvents.json(batch));
                    answered.incrementAndGet();
                    if (response.statusCode() == 200) {
                        acknowledged.addAndGet(Http.json(response.body()).path("accepted").asInt());
                    } else {
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                    }
                } catch (RuntimeException refusedAfterStop) {
                    // connection refused once the server is gone: the agent would keep the batch
                }
            }));
        }
        while (answered.get() < 20) {
            Thread.sleep(20);
        }

        int exit = collector.terminate();
        for (Future<?> f : work) {
            f.get();
        }
        clients.shutdown();

        assertThat(exit).as("exit status after SIGTERM").isIn(0, 143);
        assertThat(acknowledged.get()).isPositive();
        long stored = DuckDbFiles.count(db, "SELECT count(*) FROM events");
        assertThat(stored).as("every acknowledged event is in the file").isEqualTo(acknowledged.get());
    }

    @Test
    void killedMidIngestThenRestartedAndResentHoldsEachEventOnce() throws Exception {
        Path db = dir.resolve("restart.duckdb");
        List<List<Map<String, Object>>> batches = batches(150, 20);
        CollectorProcess first = CollectorProcess.start("--port", "0", "--db", db.toString());
        Http http = first.http();
        Map<String, Boolean> acknowledgedIds = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<?>> work = new ArrayList<>();
        for (List<Map<String, Object>> batch : batches) {
            work.add(clients.submit(() -> {
                try {
                    HttpResponse<String> response = http.post(SampleEvents.json(batch));
                    answered.incrementAndGet();
                    if (response.statusCode() == 200) {
                        batch.forEach(e -> acknowledgedIds.put((String) e.get("eventId"), true));
                    }
                } catch (RuntimeException killed) {
                    // the collector died under this request
                }
            }));
        }
        while (answered.get() < 30) {
            Thread.sleep(10);
        }
        first.kill();
        for (Future<?> f : work) {
            f.get();
        }

        CollectorProcess second = CollectorProcess.start("--port", "0", "--db", db.toString());
        int duplicates = 0;
        for (List<Map<String, Object>> batch : batches) {
            HttpResponse<String> response = second.http().post(SampleEvents.json(batch));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            duplicates += Http.json(response.body()).path("duplicates").asInt();
        }
        second.terminate();
        clients.shutdown();

        int all = batches.size() * 20;
        assertThat(acknowledgedIds).isNotEmpty();
        assertThat(duplicates).as("the resend finds at least what was acknowledged").isGreaterThanOrEqualTo(acknowledgedIds.size());
        assertThat(DuckDbFiles.count(db, "SELECT count(*) FROM events")).isEqualTo(all);
        assertThat(DuckDbFiles.count(db, "SELECT count(DISTINCT event_id) FROM events")).isEqualTo(all);
    }

    private static List<List<Map<String, Object>>> batches(int count, int size) {
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batches.add(SampleEvents.starts(size));
        }
        return batches;
    }
}
