package dev.gatsbytelemetry.agent.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finished event: its type and its fields in a stable order, every value already sanitized and
 * made of JSON-friendly types ({@code String}, {@code Number}, {@code Boolean}, {@code List},
 * {@code Map}, {@code null}). Immutable.
 */
public final class TelemetryEvent {

    private final String eventType;
    private final String eventId;
    private final Map<String, Object> fields;

    public TelemetryEvent(Map<String, Object> fields) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        this.eventType = String.valueOf(copy.get("eventType"));
        this.eventId = String.valueOf(copy.get("eventId"));
        this.fields = Collections.unmodifiableMap(copy);
    }

    public String eventType() {
        return eventType;
    }

    public String eventId() {
        return eventId;
    }

    /** All fields, {@code eventType} and {@code eventId} included, in output order. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** Compact JSON, one line. */
    public String toJson() {
        return JsonWriter.write(fields);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
