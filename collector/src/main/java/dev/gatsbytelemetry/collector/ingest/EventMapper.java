package dev.gatsbytelemetry.collector.ingest;

import dev.gatsbytelemetry.collector.storage.StoredEvent;
import dev.gatsbytelemetry.collector.storage.StoredEvent.EventKind;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Turns a schema-valid event into the row storage keeps. Event names of schema versions 1 and 2
 * both map onto one {@link EventKind}: v1 start {@code CLI_COMMAND_<CMD>}, end {@code <CMD>_END};
 * v2 start {@code CLI_RAW_COMMAND_<CMD>}, end {@code CLI_COMMAND_<CMD>_END}, heartbeat
 * {@code CLI_COMMAND_<CMD>_HEARTBEAT}; both {@code CLI_COMMAND_METADATA} and {@code CLI_ERROR_<KIND>}.
 */
public final class EventMapper {

    private EventMapper() {
    }

    /** The kind of event a name denotes, in either schema version. */
    public static EventKind kindOf(String eventType) {
        if (eventType.startsWith("CLI_ERROR_")) {
            return EventKind.ERROR;
        }
        if (eventType.equals("CLI_COMMAND_METADATA")) {
            return EventKind.METADATA;
        }
        if (eventType.endsWith("_HEARTBEAT")) {
            return EventKind.HEARTBEAT;
        }
        // Before the start check: a v2 end event also begins with CLI_COMMAND_.
        if (eventType.endsWith("_END")) {
            return EventKind.END;
        }
        if (eventType.startsWith("CLI_RAW_COMMAND_") || eventType.startsWith("CLI_COMMAND_")) {
            return EventKind.START;
        }
        return EventKind.OTHER;
    }

    /** @param payload the event's JSON text, stored beside the columns */
    public static StoredEvent map(JsonNode event, String payload) {
        String eventType = event.path("eventType").asString();
        EventKind kind = kindOf(eventType);
        JsonNode os = event.path("osInformation");
        StoredEvent.Environment environment = new StoredEvent.Environment(
                text(os, "platform"), text(os, "release"), text(os, "arch"), integer(os, "cpuCount"),
                text(os, "javaVersion"), text(os, "javaVendor"), bool(os, "ci"), text(os, "ciName"),
                bool(os, "docker"), text(os, "termProgram"), bool(os, "isTTY"));
        StoredEvent.ErrorFacts error = kind == EventKind.ERROR ? errorFacts(event) : null;
        return new StoredEvent(
                event.path("eventId").asString(),
                eventType,
                kind,
                event.path("schemaVersion").asInt(),
                time(event.path("time").asString()),
                event.path("sessionId").asString(),
                event.path("machineId").asString(),
                text(event, "componentId"),
                text(event, "componentVersion"),
                text(event, "command"),
                text(event, "agentVersion"),
                integer(event, "exitCode"),
                text(event, "exitReason"),
                event.path("duration").isNumber() ? event.path("duration").longValue() : null,
                text(event, "outcome"),
                environment,
                error,
                kind == EventKind.END ? stages(event.path("stages")) : List.of(),
                kind == EventKind.METADATA ? strings(event.path("plugins")) : List.of(),
                payload);
    }

    private static StoredEvent.ErrorFacts errorFacts(JsonNode event) {
        JsonNode v2 = event.path("errorV2");
        return new StoredEvent.ErrorFacts(text(event, "errorKind"), text(event, "exceptionType"),
                text(event, "stage"), text(event, "plugin"), text(v2, "id"), text(v2, "text"));
    }

    private static List<StoredEvent.StageFacts> stages(JsonNode stages) {
        List<StoredEvent.StageFacts> facts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> stage : stages.properties()) {
            JsonNode s = stage.getValue();
            facts.add(new StoredEvent.StageFacts(stage.getKey(), s.path("count").asLong(), s.path("errors").asLong(),
                    number(s, "total"), number(s, "min"), number(s, "max"), number(s, "mean")));
        }
        return facts;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.isString()) {
                values.add(item.asString());
            }
        }
        return values;
    }

    /**
     * The schema allows a time without seconds ({@code …T10:15Z}) and any fraction; stored as UTC
     * wall-clock time.
     */
    static LocalDateTime time(String iso) {
        LocalDateTime fast = plainUtcTime(iso);
        if (fast != null) {
            return fast;
        }
        return LocalDateTime.ofInstant(Instant.parse(iso.length() == 17 ? iso.replace("Z", ":00Z") : iso),
                ZoneOffset.UTC);
    }

    /**
     * The agent's own shape, {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (or without the fraction), read by
     * hand: {@link Instant#parse} cost ~6 % of an ingested event's CPU (JFR). Anything else, and
     * every value a field's range would refuse, goes to {@link Instant#parse}, which decides.
     */
    private static LocalDateTime plainUtcTime(String iso) {
        int length = iso.length();
        if ((length != 20 && length != 24) || iso.charAt(length - 1) != 'Z' || iso.charAt(4) != '-'
                || iso.charAt(7) != '-' || iso.charAt(10) != 'T' || iso.charAt(13) != ':' || iso.charAt(16) != ':'
                || (length == 24 && iso.charAt(19) != '.')) {
            return null;
        }
        int year = digits(iso, 0, 4);
        int month = digits(iso, 5, 7);
        int day = digits(iso, 8, 10);
        int hour = digits(iso, 11, 13);
        int minute = digits(iso, 14, 16);
        int second = digits(iso, 17, 19);
        int millis = length == 24 ? digits(iso, 20, 23) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || millis < 0) {
            return null; // including days 29-31: month lengths and leap years are Instant.parse's job
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000);
    }

    /** The decimal number in {@code text[from, to)}, or -1 if any of it is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() ? value.intValue() : null;
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.doubleValue() : null;
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isBoolean() ? value.booleanValue() : null;
    }
}
