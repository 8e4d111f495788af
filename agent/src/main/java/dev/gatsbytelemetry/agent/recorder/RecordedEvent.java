package dev.gatsbytelemetry.agent.recorder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an application thread hands over: the cheap facts of an event, captured in place. Turning it
 * into a {@link dev.gatsbytelemetry.agent.event.TelemetryEvent} (ids, environment, sanitizing) happens
 * later on the recorder's own thread. Immutable; {@code fields} hold only agent-made values, never a
 * string from the host, and {@code error} goes through the sanitizer before anything of it is kept.
 */
final class RecordedEvent {

    private final String eventType;
    private final long epochMillis;
    private final String command;
    private final Map<String, Object> fields;
    private final Throwable error;
    /** Given in advance when the event is also kept as a pending record; null: assigned on completion. */
    private final String eventId;

    RecordedEvent(String eventType, long epochMillis, String command, Map<String, Object> fields, Throwable error) {
        this(eventType, epochMillis, command, fields, error, null);
    }

    RecordedEvent(String eventType, long epochMillis, String command, Map<String, Object> fields, Throwable error,
                  String eventId) {
        this.eventId = eventId;
        this.eventType = eventType;
        this.epochMillis = epochMillis;
        this.command = command;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.error = error;
    }

    String eventType() {
        return eventType;
    }

    long epochMillis() {
        return epochMillis;
    }

    String command() {
        return command;
    }

    Map<String, Object> fields() {
        return fields;
    }

    Throwable error() {
        return error;
    }

    String eventId() {
        return eventId;
    }
}
