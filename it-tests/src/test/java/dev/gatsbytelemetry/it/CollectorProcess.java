package dev.gatsbytelemetry.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real collector ({@code collector.jar}) in its own JVM on an embedded DuckDB file, on an
 * ephemeral loopback port: {@code java -jar gatsby-telemetry-collector.jar --port 0 --db <file>}.
 * Its address is read from the line it prints when ready; its API is read with a plain HTTP client.
 */
public final class CollectorProcess implements AutoCloseable {

    private static final Pattern ADDRESS = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CollectorProcess(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts a collector storing into {@code <dir>/telemetry.duckdb}; returns once it said it is ready. */
    public static CollectorProcess start(Path dir, String... extraArgs) {
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve("collector.log");
            List<String> command = new ArrayList<>(List.of(JvmRun.javaExecutable(), "-Xmx256m", "-jar",
                    Jars.collector().toString(), "--port", "0", "--db", dir.resolve("telemetry.duckdb").toString()));
            command.addAll(List.of(extraArgs));
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread pump = new Thread(() -> copyLines(process, log, lines), "it-collector-output");
            pump.setDaemon(true);
            pump.start();
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null) {
                    Matcher m = ADDRESS.matcher(line);
                    if (m.find() && !m.group(1).equals("0")) {
                        return new CollectorProcess(process, URI.create(m.group() + "/"), log);
                    }
                } else if (!process.isAlive()) {
                    break;
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("the collector did not say it was ready: " + command + "\n"
                    + Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyLines(Process process, Path log, BlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException ignored) {
            // the collector went away
        }
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public URI base() {
        return base;
    }

    /** Where the agent posts: {@code http://127.0.0.1:PORT/v1/events}. */
    public String ingestUrl() {
        return base.resolve("v1/events").toString();
    }

    /** GETs {@code pathAndQuery} (relative, e.g. {@code api/v1/commands?command=build}) and parses the JSON answer. */
    public JsonNode getJson(String pathAndQuery) {
        HttpResponse<String> response = get(pathAndQuery);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> get(String pathAndQuery) {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(20)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the collector printed so far, for failure messages. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 20 s. */
    @Override
    public void close() {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
