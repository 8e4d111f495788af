package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.collector.storage.BatchReceipt;
import dev.gatsbytelemetry.collector.storage.EventConsumer;
import dev.gatsbytelemetry.collector.storage.QueryStore;
import dev.gatsbytelemetry.collector.storage.StorageComponent;
import dev.gatsbytelemetry.collector.storage.StorageException;
import dev.gatsbytelemetry.collector.storage.StoredEvent;
import dev.gatsbytelemetry.collector.storage.duckdb.DuckDbStorage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When storage cannot keep up the collector answers 429, when it is down 503, both with
 * Retry-After, and never more than it can hold: a real DuckDB file behind a gate the test controls.
 */
class BackPressureTest {

    @TempDir
    Path dir;

    @Test
    void aFloodBeyondTheQueueGets429WithRetryAfterAndNothingAcceptedIsLost() throws Exception {
        GatedStorage storage = new GatedStorage(DuckDbStorage.open(dir.resolve("flood.duckdb")));
        storage.gate = new CountDownLatch(1);
        Collector collector = TestCollectors.start(storage, "--max-queued-bytes", "200000");
        Http http = TestCollectors.client(collector);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String batch = SampleEvents.json(SampleEvents.starts(20));
            answers.add(clients.submit(() -> http.post(batch)));
        }
        // While the gate holds the writer, the queue fills and later requests are refused at once.
        int refusedWhileHeld = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (refusedWhileHeld == 0 && System.nanoTime() < deadline) {
            for (Future<HttpResponse<String>> answer : answers) {
                if (answer.isDone()) {
                    HttpResponse<String> response = answer.get();
                    assertThat(response.statusCode()).as("only refusals while storage is held: %s", response.body())
                            .isEqualTo(429);
                    assertThat(response.headers().firstValue("Retry-After")).contains("1");
                    refusedWhileHeld++;
                }
            }
            Thread.sleep(50);
        }
        assertThat(refusedWhileHeld).as("requests refused with 429 while storage was held").isPositive();
        int tooMany = 0;
        storage.gate.countDown();
        int accepted = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isIn(200, 429);
            if (response.statusCode() == 200) {
                accepted += Http.json(response.body()).path("accepted").asInt();
            } else {
                tooMany++;
            }
        }
        clients.shutdown();
        collector.close();

        assertThat(accepted).as("events acknowledged").isPositive();
        assertThat(DuckDbFiles.count(dir.resolve("flood.duckdb"), "SELECT count(*) FROM events")).isEqualTo(accepted);
    }

    @Test
    void storageDownGets503WithRetryAfterAndRecovers() throws Exception {
        GatedStorage storage = new GatedStorage(DuckDbStorage.open(dir.resolve("down.duckdb")));
        Collector collector = TestCollectors.start(storage);
        Http http = TestCollectors.client(collector);
        try {
            storage.down = true;
            HttpResponse<String> down = http.post(SampleEvents.json(SampleEvents.starts(2)));
            HttpResponse<String> downWithKey = http.post(SampleEvents.json(SampleEvents.starts(2)), "Idempotency-Key", "k");
            storage.down = false;
            HttpResponse<String> back = http.post(SampleEvents.json(SampleEvents.starts(2)));

            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).contains("5");
            assertThat(downWithKey.statusCode()).isEqualTo(503);
            assertThat(back.statusCode()).isEqualTo(200);
            assertThat(Http.json(back.body()).path("accepted").asInt()).isEqualTo(2);
        } finally {
            collector.close();
        }
    }

    /** The real DuckDB storage, with a gate that can hold writes and a switch that makes it fail. */
    static final class GatedStorage implements StorageComponent {

        private final StorageComponent real;
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean down;

        GatedStorage(StorageComponent real) {
            this.real = real;
        }

        @Override
        public EventConsumer consumer() {
            EventConsumer consumer = real.consumer();
            return new EventConsumer() {
                @Override
                public Set<String> store(List<StoredEvent> events, Collection<BatchReceipt> receipts)
                        throws StorageException {
                    check();
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    check();
                    return consumer.store(events, receipts);
                }

                @Override
                public Optional<BatchReceipt> findReceipt(String key) throws StorageException {
                    check();
                    return consumer.findReceipt(key);
                }

                @Override
                public long deleteOlderThan(Instant cutoff) throws StorageException {
                    return consumer.deleteOlderThan(cutoff);
                }
            };
        }

        private void check() throws StorageException {
            if (down) {
                throw new StorageException("storage switched off by the test", null);
            }
        }

        @Override
        public QueryStore queries() {
            return real.queries();
        }

        @Override
        public int writerThreads() {
            return 1;
        }

        @Override
        public String describe() {
            return "gated " + real.describe();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
