package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatsbytelemetry.collector.config.ConfigException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The analyst's questions over a small, known data set on DuckDB: each endpoint's numbers, each
 * filter, CSV, and the read token. {@link ApiScenario} holds the data and the expected answers, so
 * the PostgreSQL test checks the very same numbers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTest {

    @TempDir
    static Path dir;

    private Collector collector;
    private Http http;

    @BeforeAll
    void fill() {
        collector = TestCollectors.start(dir.resolve("api.duckdb").toString());
        http = TestCollectors.client(collector);
        ApiScenario.load(http);
    }

    @AfterAll
    void stop() {
        collector.close();
    }

    @Test
    void everyQuestionAnswersTheScenario() {
        ApiScenario.assertAnswers(http);
    }

    @Test
    void filtersNarrowEveryQuestion() {
        ApiScenario.assertFilters(http);
    }

    @Test
    void csvHasAHeaderAndOneLinePerRow() {
        HttpResponse<String> csv = http.get("/api/v1/commands?format=csv&component=sitegen");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("command,runs,machines,failures,durationP50,durationP90");
        assertThat(lines).hasSize(1 + http.getJson("/api/v1/commands?component=sitegen").size());
        assertThat(lines[1]).startsWith("build,3,2,1,");
    }

    @Test
    void aBadTimeFilterGets400() {
        assertThat(http.get("/api/v1/commands?from=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void theReadTokenGuardsTheApiButNotIngest() {
        Collector guarded = TestCollectors.start(dir.resolve("guarded.duckdb").toString(), "--read-token", "r3ad");
        try {
            Http client = TestCollectors.client(guarded);
            assertThat(client.get("/api/v1/commands").statusCode()).isEqualTo(401);
            assertThat(client.get("/api/v1/commands", "Authorization", "Bearer nope").statusCode()).isEqualTo(401);
            assertThat(client.get("/api/v1/commands", "Authorization", "Bearer r3ad").statusCode()).isEqualTo(200);
            assertThat(client.get("/api/v1/stages?token=r3ad").statusCode()).isEqualTo(200);
            assertThat(client.post(SampleEvents.json(SampleEvents.starts(1))).statusCode()).isEqualTo(200);
        } finally {
            guarded.close();
        }
    }

    @Test
    void bindingBeyondLoopbackWithoutAReadTokenIsRefused() {
        assertThatThrownBy(() -> TestCollectors.config("x.duckdb", "--bind", "0.0.0.0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--read-token");
    }

    /** The data set and its answers, shared by the DuckDB and PostgreSQL tests. */
    static final class ApiScenario {

        private ApiScenario() {
        }

        static void load(Http http) {
            String machineA = "11111111-1111-4111-8111-111111111111";
            String machineB = "22222222-2222-4222-8222-222222222222";
            List<Map<String, Object>> events = new ArrayList<>();
            // build: three runs on two machines, one failing in render with a plugin blamed nowhere
            SampleEvents b1 = new SampleEvents(machineA, "sitegen", "1.0.0", "build").at("2026-11-01T10:00:00.000Z");
            events.add(b1.start());
            events.add(b1.metadata("md@1", "sass@2"));
            events.add(b1.end(0, 100, Map.of("render", new long[] {10, 0, 40}, "write", new long[] {1, 0, 5})));
            SampleEvents b2 = new SampleEvents(machineA, "sitegen", "1.0.0", "build").at("2026-11-02T10:00:00.000Z");
            events.add(b2.start());
            events.add(b2.metadata("md@1", "sass@2", "img@3"));
            events.add(b2.error("java.lang.IllegalStateException", "render", "f00d"));
            events.add(b2.end(1, 300, Map.of("render", new long[] {5, 1, 80})));
            SampleEvents b3 = new SampleEvents(machineB, "sitegen", "1.1.0", "build").at("2026-11-03T10:00:00.000Z").inCi();
            events.add(b3.start());
            events.add(b3.metadata("md@1"));
            events.add(b3.end(0, 200, Map.of("render", new long[] {2, 0, 60})));
            // new: one run of another version, on JDK 21
            SampleEvents n1 = new SampleEvents(machineB, "sitegen", "1.1.0", "new").at("2026-11-04T10:00:00.000Z").java("21.0.2");
            events.add(n1.start());
            events.add(n1.end(0, 50, Map.of()));
            // another tool entirely
            SampleEvents o1 = new SampleEvents(machineA, "othertool", "9.9.9", "build").at("2026-11-05T10:00:00.000Z");
            events.add(o1.start());
            events.add(o1.end(2, 10, Map.of()));
            HttpResponse<String> response = http.post(SampleEvents.json(events));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(Http.json(response.body()).path("accepted").asInt()).isEqualTo(events.size());
        }

        static void assertAnswers(Http http) {
            JsonNode commands = http.getJson("/api/v1/commands?component=sitegen");
            JsonNode build = find(commands, "command", "build");
            assertThat(build.path("runs").asInt()).isEqualTo(3);
            assertThat(build.path("machines").asInt()).isEqualTo(2);
            assertThat(build.path("failures").asInt()).isEqualTo(1);
            assertThat(build.path("durationP50").asDouble()).isEqualTo(200.0);
            assertThat(build.path("durationP90").asDouble()).isEqualTo(280.0);
            assertThat(find(commands, "command", "new").path("runs").asInt()).isEqualTo(1);

            JsonNode render = find(http.getJson("/api/v1/stages?component=sitegen"), "stage", "render");
            assertThat(render.path("runs").asInt()).isEqualTo(3);
            assertThat(render.path("calls").asInt()).isEqualTo(17);
            assertThat(render.path("errors").asInt()).isEqualTo(1);
            assertThat(render.path("p50").asDouble()).isEqualTo(60.0);
            assertThat(render.path("p90").asDouble()).isEqualTo(76.0);

            JsonNode errors = http.getJson("/api/v1/errors");
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).path("fingerprint").asString()).isEqualTo("f00d");
            assertThat(errors.get(0).path("exceptionType").asString()).isEqualTo("java.lang.IllegalStateException");
            assertThat(errors.get(0).path("stage").asString()).isEqualTo("render");
            assertThat(errors.get(0).path("count").asInt()).isEqualTo(1);
            assertThat(errors.get(0).path("lastSeen").asString()).isEqualTo("2026-11-02T10:00:00.000Z");
            assertThat(errors.get(0).path("sample").asString()).contains("it broke");

            JsonNode plugins = http.getJson("/api/v1/plugins");
            assertThat(find(plugins, "plugin", "md@1").path("runs").asInt()).isEqualTo(3);
            assertThat(find(plugins, "plugin", "md@1").path("failedRuns").asInt()).isEqualTo(1);
            assertThat(find(plugins, "plugin", "img@3").path("machines").asInt()).isEqualTo(1);

            JsonNode pairs = http.getJson("/api/v1/plugins/pairs");
            JsonNode top = pairs.get(0);
            assertThat(top.path("a").asString()).isEqualTo("md@1");
            assertThat(top.path("b").asString()).isEqualTo("sass@2");
            assertThat(top.path("runs").asInt()).isEqualTo(2);
            assertThat(pairs).hasSize(3);

            JsonNode environment = http.getJson("/api/v1/environment?component=sitegen");
            assertThat(dimension(environment, "jdk", "17.0.15").path("runs").asInt()).isEqualTo(3);
            assertThat(dimension(environment, "jdk", "21.0.2").path("runs").asInt()).isEqualTo(1);
            assertThat(dimension(environment, "ci", "ci").path("runs").asInt()).isEqualTo(1);
            assertThat(dimension(environment, "ci", "local").path("machines").asInt()).isEqualTo(2);
            assertThat(dimension(environment, "ciVendor", "GitHub Actions").path("runs").asInt()).isEqualTo(1);
            assertThat(dimension(environment, "os", "linux x64").path("runs").asInt()).isEqualTo(4);
        }

        static void assertFilters(Http http) {
            assertThat(find(http.getJson("/api/v1/commands?version=1.0.0&component=sitegen"), "command", "build")
                    .path("runs").asInt()).isEqualTo(2);
            assertThat(http.getJson("/api/v1/commands?command=new")).hasSize(1);
            assertThat(find(http.getJson("/api/v1/commands?from=2026-11-02&to=2026-11-03"), "command", "build")
                    .path("runs").asInt()).isEqualTo(1);
            assertThat(find(http.getJson("/api/v1/commands?from=2026-11-02T12:00:00Z"), "command", "build")
                    .path("runs").asInt()).isEqualTo(2);
            assertThat(http.getJson("/api/v1/commands?component=nothing")).isEmpty();
            assertThat(http.getJson("/api/v1/stages?version=1.1.0")).hasSize(1);
            assertThat(http.getJson("/api/v1/errors?version=1.1.0")).isEmpty();
            assertThat(http.getJson("/api/v1/plugins/pairs?to=2026-11-02")).hasSize(1);
            assertThat(find(http.getJson("/api/v1/plugins?from=2026-11-03"), "plugin", "md@1").path("runs").asInt())
                    .isEqualTo(1);
            assertThat(dimension(http.getJson("/api/v1/environment?component=othertool"), "jdk", "17.0.15")
                    .path("runs").asInt()).isEqualTo(1);
        }

        private static JsonNode find(JsonNode rows, String field, String value) {
            for (JsonNode row : rows) {
                if (value.equals(row.path(field).asString())) {
                    return row;
                }
            }
            throw new AssertionError("no row with " + field + "=" + value + " in " + rows);
        }

        private static JsonNode dimension(JsonNode rows, String dimension, String value) {
            for (JsonNode row : rows) {
                if (dimension.equals(row.path("dimension").asString()) && value.equals(row.path("value").asString())) {
                    return row;
                }
            }
            throw new AssertionError("no " + dimension + "=" + value + " in " + rows);
        }
    }
}
