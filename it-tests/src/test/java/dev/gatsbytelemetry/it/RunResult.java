package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** What one JVM run produced: exit code, both streams (as bytes and text), and the debug-mode events. */
public record RunResult(List<String> command, int exitCode, byte[] stdoutBytes, byte[] stderrBytes, Duration wallTime) {

    /** The prefix of each debug-mode event line on stderr. */
    public static final String EVENT_PREFIX = "Captured event: ";

    private static final ObjectMapper JSON = new ObjectMapper();

    public String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    public String stderr() {
        return new String(stderrBytes, StandardCharsets.UTF_8);
    }

    public List<String> stdoutLines() {
        return stdout().lines().toList();
    }

    public List<String> stderrLines() {
        return stderr().lines().toList();
    }

    /** Every {@code Captured event: {json}} line of stderr, parsed, in order. */
    public List<JsonNode> events() {
        return stderrLines().stream()
                .filter(line -> line.startsWith(EVENT_PREFIX))
                .map(line -> parse(line.substring(EVENT_PREFIX.length())))
                .toList();
    }

    public List<String> eventTypes() {
        return events().stream().map(e -> e.path("eventType").asText()).toList();
    }

    public List<JsonNode> events(String eventType) {
        return events().stream().filter(e -> eventType.equals(e.path("eventType").asText())).toList();
    }

    /** The only event of that type; fails the test (showing the whole run) if there is not exactly one. */
    public JsonNode event(String eventType) {
        List<JsonNode> matching = events(eventType);
        assertThat(matching).as("exactly one %s event in%n%s", eventType, describe()).hasSize(1);
        return matching.get(0);
    }

    /** A readable dump for assertion messages. */
    public String describe() {
        return "command: " + String.join(" ", command) + System.lineSeparator()
                + "exit code: " + exitCode + System.lineSeparator()
                + "--- stdout ---" + System.lineSeparator() + stdout()
                + "--- stderr ---" + System.lineSeparator() + stderr()
                + "--------------";
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("event line is not valid JSON: " + json, e);
        }
    }
}
