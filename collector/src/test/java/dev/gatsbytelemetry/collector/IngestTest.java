package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/events} against a real collector on a real DuckDB file: every answer the issue lists. */
class IngestTest {

    @TempDir
    Path dir;

    private Collector collector;

    private Http start(String... flags) {
        collector = TestCollectors.start(dir.resolve("t.duckdb").toString(), flags);
        return TestCollectors.client(collector);
    }

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void storesEachEventOnceAndCountsDuplicatesAndRejects() {
        Http http = start();
        SampleEvents run = SampleEvents.run("build");
        Map<String, Object> start = run.start();
        Map<String, Object> end = run.end(0, 120, Map.of("render", new long[] {3, 0, 30}));
        Map<String, Object> invalid = new java.util.LinkedHashMap<>(run.start());
        invalid.remove("machineId");

        HttpResponse<String> first = http.post(SampleEvents.json(start, invalid, end));
        HttpResponse<String> again = http.post(SampleEvents.json(end, start));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode counts = Http.json(first.body());
        assertThat(counts.path("accepted").asInt()).isEqualTo(2);
        assertThat(counts.path("duplicates").asInt()).isZero();
        assertThat(counts.path("rejected").asInt()).isEqualTo(1);
        assertThat(counts.path("rejections").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(counts.path("rejections").get(0).path("reason").asString()).contains("machineId");
        assertThat(Http.json(again.body()).path("accepted").asInt()).isZero();
        assertThat(Http.json(again.body()).path("duplicates").asInt()).isEqualTo(2);

        collector.close();
        assertThat(DuckDbFiles.count(dir.resolve("t.duckdb"), "SELECT count(*) FROM events")).isEqualTo(2);
        assertThat(DuckDbFiles.count(dir.resolve("t.duckdb"), "SELECT count(*) FROM event_stages")).isEqualTo(1);
    }

    @Test
    void theSameEventTwiceInOneBatchIsStoredOnce() {
        Http http = start();
        Map<String, Object> start = SampleEvents.run("build").start();

        JsonNode counts = Http.json(http.post(SampleEvents.json(start, start)).body());

        assertThat(counts.path("accepted").asInt()).isEqualTo(1);
        assertThat(counts.path("duplicates").asInt()).isEqualTo(1);
    }

    @Test
    void gzipBodiesAreAccepted() {
        Http http = start();
        byte[] body = SampleEvents.json(SampleEvents.starts(3)).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = http.post(Http.gzip(body), "Content-Encoding", "gzip");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Http.json(response.body()).path("accepted").asInt()).isEqualTo(3);
    }

    @Test
    void aBatchWithAKnownIdempotencyKeyIsAcknowledgedWithoutParsing() {
        Http http = start();
        HttpResponse<String> first = http.post(SampleEvents.json(SampleEvents.starts(4)), "Idempotency-Key", "batch-1");

        // The resend's body is not even JSON: it is never read, since the key says it is stored.
        HttpResponse<String> resend = http.post("not json at all", "Idempotency-Key", "batch-1");
        HttpResponse<String> otherKey = http.post("not json at all", "Idempotency-Key", "batch-2");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(resend.statusCode()).as(resend.body()).isEqualTo(200);
        assertThat(Http.json(resend.body()).path("accepted").asInt()).isZero();
        assertThat(Http.json(resend.body()).path("duplicates").asInt()).isEqualTo(4);
        assertThat(otherKey.statusCode()).isEqualTo(400);
    }

    @Test
    void bodiesThatAreNotAJsonArrayOfObjectsGet400() {
        Http http = start();
        List<String> bad = List.of("", "not json", "{\"eventType\":\"X\"}", "[1, 2]", "[[]]", "[\"a\"]",
                "[{\"a\":1}", "[{}] trailing", "null");
        for (String body : bad) {
            HttpResponse<String> response = http.post(body);
            assertThat(response.statusCode()).as("body %s -> %s", body, response.body()).isEqualTo(400);
            assertThat(Http.json(response.body()).path("error").asString()).isNotBlank();
        }
    }

    @Test
    void brokenGzipGets400() {
        Http http = start();
        byte[] gz = Http.gzip("[]".getBytes(StandardCharsets.UTF_8));
        byte[] truncated = java.util.Arrays.copyOf(gz, gz.length - 6);

        assertThat(http.post("plain text".getBytes(StandardCharsets.UTF_8), "Content-Encoding", "gzip").statusCode())
                .isEqualTo(400);
        assertThat(http.post(truncated, "Content-Encoding", "gzip").statusCode()).isEqualTo(400);
    }

    @Test
    void anUnknownEncodingGets415() {
        Http http = start();

        HttpResponse<String> response = http.post("[]", "Content-Encoding", "br");

        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void aBodyAboveTheCompressedLimitGets413() {
        Http http = start("--max-body-bytes", "1000");
        String body = SampleEvents.json(SampleEvents.starts(5));

        HttpResponse<String> response = http.post(body);

        assertThat(body.length()).isGreaterThan(1000);
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void aGzipBombGets413WithoutBeingInflated() {
        Http http = start("--max-decompressed-bytes", "1000000");
        // 200 MB of spaces inside an array compress to ~200 KB; inflated they would not fit the test's heap.
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write('[');
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 200; i++) {
                gz.write(spaces);
            }
            gz.write(']');
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        HttpResponse<String> response = http.post(out.toByteArray(), "Content-Encoding", "gzip");

        assertThat(out.size()).isLessThan(5 << 20);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("decompressed");
    }

    @Test
    void theIngestTokenIsRequiredWhenSet() {
        Http http = start("--ingest-token", "s3cret");
        String body = SampleEvents.json(SampleEvents.starts(1));

        assertThat(http.post(body).statusCode()).isEqualTo(401);
        assertThat(http.post(body, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(http.post(body, "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(http.postTo("/v1/events?token=s3cret", body).statusCode()).isEqualTo(200);
        assertThat(http.postTo("/v1/events?token=s3cre", body).statusCode()).isEqualTo(401);
    }

    @Test
    void nothingAboutTheRequestIsStored() {
        Http http = start();
        Map<String, Object> start = SampleEvents.run("build").start();

        http.post(SampleEvents.json(start), "User-Agent", "secret-agent/1.0", "X-Forwarded-For", "203.0.113.9");
        collector.close();

        Path file = dir.resolve("t.duckdb");
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM events WHERE payload LIKE '%secret-agent%' "
                + "OR payload LIKE '%203.0.113.9%' OR payload LIKE '%127.0.0.1%'")).isZero();
        assertThat(DuckDbFiles.count(file, "SELECT count(*) FROM information_schema.columns WHERE "
                + "column_name ILIKE '%ip%' OR column_name ILIKE '%header%' OR column_name ILIKE '%agent_string%'"))
                .isZero();
    }

    @Test
    void manyBatchesFromManyClientsAreEachStoredOnce() throws Exception {
        Http http = start();
        List<String> batches = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batches.add(SampleEvents.json(SampleEvents.starts(25)));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (String batch : batches) {
            answers.add(pool.submit(() -> http.post(batch)));
            answers.add(pool.submit(() -> http.post(batch)));
        }
        int accepted = 0;
        int duplicates = 0;
        for (var answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            accepted += Http.json(response.body()).path("accepted").asInt();
            duplicates += Http.json(response.body()).path("duplicates").asInt();
        }
        pool.shutdown();

        assertThat(accepted).isEqualTo(1000);
        assertThat(duplicates).isEqualTo(1000);
        collector.close();
        assertThat(DuckDbFiles.count(dir.resolve("t.duckdb"), "SELECT count(*) FROM events")).isEqualTo(1000);
    }
}
