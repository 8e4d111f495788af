package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.SampleSite.ALL_STAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline with nothing faked: the real agent on the sample app sends to the real
 * collector (the packaged jar, its own JVM) on a DuckDB file, and the collector's API answers with
 * exactly the runs, stages and errors the agent printed.
 */
class RealCollectorIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern READY = Pattern.compile("listening on (http://\\S+?)/ ");

    @TempDir
    Path sandbox;

    private Process collector;
    private String address;

    @BeforeEach
    void startCollector() throws Exception {
        collector = new ProcessBuilder(JvmRun.javaExecutable(), "-jar", Jars.collector().toString(),
                "--port", "0", "--db", sandbox.resolve("telemetry.duckdb").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(collector.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            Matcher m = READY.matcher(line);
            if (m.find()) {
                address = m.group(1);
                break;
            }
        }
        assertThat(address).as("the collector's ready line").isNotNull();
    }

    @AfterEach
    void stopCollector() throws InterruptedException {
        collector.destroy();
        collector.waitFor(60, TimeUnit.SECONDS);
    }

    @Test
    void theApiAnswersWhatTheAgentSent() throws Exception {
        Path site = SampleSite.scaffold(sandbox, "site", 4);
        RunResult ok = send(JvmRun.sampleApp(sandbox, "build", "--dir", "site"));
        SampleSite.includeMissingPartial(site);
        RunResult failing = send(JvmRun.sampleApp(sandbox, "build", "--dir", "site"));
        RunResult created = send(JvmRun.sampleApp(sandbox, "new", "other", "--pages", "1"));

        assertThat(ok.exitCode()).as(ok.describe()).isZero();
        assertThat(failing.exitCode()).as(failing.describe()).isNotZero();
        assertThat(created.exitCode()).isZero();

        JsonNode commands = get("/api/v1/commands");
        JsonNode build = row(commands, "command", "build");
        assertThat(build.path("runs").asInt()).as("%s", commands).isEqualTo(2);
        assertThat(build.path("failures").asInt()).isEqualTo(1);
        assertThat(build.path("machines").asInt()).isEqualTo(1);
        assertThat(row(commands, "command", "new").path("runs").asInt()).isEqualTo(1);

        JsonNode stages = get("/api/v1/stages?command=build");
        JsonNode render = row(stages, "stage", SampleSite.RENDER_NAME);
        assertThat(render.path("runs").asInt()).as("%s", stages).isEqualTo(2);
        assertThat(render.path("errors").asInt()).isPositive();

        JsonNode errors = get("/api/v1/errors");
        assertThat(errors.size()).as("%s", errors).isPositive();
        assertThat(errors.get(0).path("sample").asText()).isNotBlank();
        assertThat(errors.get(0).path("sample").asText()).doesNotContain(sandbox.toString());

        JsonNode environment = get("/api/v1/environment");
        JsonNode jdk = environment.get(0);
        assertThat(jdk.path("runs").asInt()).isPositive();

        HttpResponse<String> csv = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(address + "/api/v1/commands?format=csv")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.body()).startsWith("command,runs,machines,failures,durationP50,durationP90");
    }

    /** Runs with the collector as endpoint, sending at every run, with time enough to deliver at exit. */
    private RunResult send(JvmRun run) {
        return run.withAgent().stages(ALL_STAGES)
                .sendingEveryRunTo(address + "/v1/events")
                .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "10000")
                .run();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                HttpRequest.newBuilder(URI.create(address + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode row(JsonNode rows, String field, String value) {
        for (JsonNode row : rows) {
            if (value.equals(row.path(field).asText())) {
                return row;
            }
        }
        throw new AssertionError("no row with " + field + "=" + value + " in " + rows);
    }
}
