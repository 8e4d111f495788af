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

    /**
     * Every {@code Captured event: {json}} on stderr, parsed, in order. An event normally starts its
     * own line, but the agent prints from its own thread, so it can land right after text the app
     * printed without a newline yet (the JVM prints {@code Exception in thread "main" } and the stack
     * trace in two steps); the event still runs to the end of that line, so it is parsed from there.
     * Each event is validated against the published schema on the way.
     */
    public List<JsonNode> events() {
        return stderrLines().stream()
                .filter(line -> line.contains(EVENT_PREFIX))
                .map(line -> parse(line.substring(line.indexOf(EVENT_PREFIX) + EVENT_PREFIX.length())))
                .toList();
    }

    /** Lines where an event did not start the line (see {@link #events()}). */
    public List<String> eventLinesNotAtLineStart() {
        return stderrLines().stream()
                .filter(line -> line.contains(EVENT_PREFIX) && !line.startsWith(EVENT_PREFIX))
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
        EventSchema.check(json);
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("event line is not valid JSON: " + json, e);
        }
    }
}
