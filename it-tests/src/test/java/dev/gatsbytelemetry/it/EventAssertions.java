package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Checks shared by every test that looks at events. */
public final class EventAssertions {

    private EventAssertions() {
    }

    /**
     * Every event carries the common fields; all share one session id; no event id repeats; and each
     * names {@code command}. Unknown extra fields are allowed.
     */
    public static void assertCommonFields(RunResult run, String command) {
        List<JsonNode> events = run.events();
        assertThat(events).as("events of%n%s", run.describe()).isNotEmpty();
        for (JsonNode event : events) {
            String where = event.toString();
            assertThat(event.path("eventType").asText()).as("eventType in %s", where).isNotBlank();
            assertUuid(event, "eventId");
            assertUuid(event, "sessionId");
            String time = event.path("time").asText();
            assertThat(time).as("time in %s", where).endsWith("Z");
            assertThatCode(() -> Instant.parse(time)).as("time in %s is ISO-8601", where).doesNotThrowAnyException();
            assertThat(event.has("schemaVersion")).as("schemaVersion in %s", where).isTrue();
            assertThat(event.path("schemaVersion").asInt()).as("schemaVersion in %s", where).isEqualTo(2);
            assertThat(event.path("command").asText()).as("command in %s", where).isEqualTo(command);
            assertThat(event.path("agentVersion").asText()).as("agentVersion in %s", where).isNotBlank();
        }
        assertThat(events.stream().map(e -> e.path("sessionId").asText()).distinct())
                .as("one sessionId for all events of one run").hasSize(1);
        assertThat(events.stream().map(e -> e.path("eventId").asText()))
                .as("eventIds are unique").doesNotHaveDuplicates();
    }

    /**
     * The run starts with {@code CLI_RAW_COMMAND_<eventName>} and ends with {@code CLI_COMMAND_<eventName>_END}, one
     * of each. Other event types in between are allowed: later features add their own.
     */
    public static void assertStartAndEnd(RunResult run, String eventName) {
        List<String> types = run.eventTypes();
        String start = "CLI_RAW_COMMAND_" + eventName;
        String end = "CLI_COMMAND_" + eventName + "_END";
        assertThat(types).as("event types of%n%s", run.describe()).isNotEmpty();
        assertThat(types.get(0)).as("first event of%n%s", run.describe()).isEqualTo(start);
        assertThat(types.get(types.size() - 1)).as("last event of%n%s", run.describe()).isEqualTo(end);
        assertThat(types).as("event types of%n%s", run.describe()).containsOnlyOnce(start, end);
    }

    /** No {@code CLI_ERROR_*} event. */
    public static void assertNoErrorEvents(RunResult run) {
        assertThat(run.eventTypes()).as("event types of%n%s", run.describe())
                .noneMatch(type -> type.startsWith("CLI_ERROR"));
    }

    /** The {@code stages.<name>} object of an END event, failing with the whole stages object if absent. */
    public static JsonNode stage(JsonNode endEvent, String name) {
        JsonNode stages = endEvent.path("stages");
        assertThat(stages.has(name)).as("stage '%s' in %s", name, stages).isTrue();
        return stages.get(name);
    }

    /** Asserts a stage's count and error count, and that its timing fields are present. */
    public static void assertStage(JsonNode endEvent, String name, int count, int errors) {
        JsonNode stage = stage(endEvent, name);
        assertThat(stage.path("count").asInt(-1)).as("count of stage '%s': %s", name, stage).isEqualTo(count);
        assertThat(stage.path("errors").asInt(-1)).as("errors of stage '%s': %s", name, stage).isEqualTo(errors);
        for (String field : List.of("total", "min", "max", "mean")) {
            assertThat(stage.path(field).isNumber()).as("%s of stage '%s': %s", field, name, stage).isTrue();
        }
    }

    private static void assertUuid(JsonNode event, String field) {
        String value = event.path(field).asText();
        assertThatCode(() -> UUID.fromString(value)).as("%s '%s' is a UUID in %s", field, value, event)
                .doesNotThrowAnyException();
        assertThat(UUID.fromString(value).toString()).as("%s in canonical form", field).isEqualTo(value.toLowerCase());
    }
}
