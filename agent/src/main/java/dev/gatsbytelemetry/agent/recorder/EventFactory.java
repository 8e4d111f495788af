package dev.gatsbytelemetry.agent.recorder;

import dev.gatsbytelemetry.agent.AgentVersion;
import dev.gatsbytelemetry.agent.event.EventTypes;
import dev.gatsbytelemetry.agent.event.RandomIds;
import dev.gatsbytelemetry.agent.event.TelemetryEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Completes recorded events on the recorder's thread: ids, time, and the fields every event carries.
 * Not thread-safe; the {@link EventWorker} calls it from one thread at a time.
 */
public final class EventFactory {

    private final String sessionId;
    private String agentVersion;

    public EventFactory(String sessionId) {
        this.sessionId = sessionId;
    }

    TelemetryEvent complete(RecordedEvent recorded) {
        if (agentVersion == null) {
            agentVersion = AgentVersion.get();
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventType", recorded.eventType());
        fields.put("eventId", RandomIds.uuidV4());
        fields.put("time", Instant.ofEpochMilli(recorded.epochMillis()).toString());
        fields.put("schemaVersion", EventTypes.SCHEMA_VERSION);
        fields.put("sessionId", sessionId);
        fields.put("command", recorded.command());
        fields.put("agentVersion", agentVersion);
        fields.putAll(recorded.fields());
        return new TelemetryEvent(fields);
    }
}
