package dev.gatsbytelemetry.collector.storage;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One validated event as storage keeps it: the fields the questions filter and group by, as
 * columns, plus the event's own JSON ({@link #payload}) for questions nobody has asked yet.
 * Nothing about the request that carried it (address, headers) is here.
 */
public record StoredEvent(
        String eventId,
        String eventType,
        EventKind kind,
        int schemaVersion,
        LocalDateTime time,
        String sessionId,
        String machineId,
        String componentId,
        String componentVersion,
        String command,
        String agentVersion,
        Integer exitCode,
        String exitReason,
        Long durationMs,
        String outcome,
        Environment environment,
        ErrorFacts error,
        List<StageFacts> stages,
        List<String> plugins,
        String payload) {

    /** What an event is, from its name, in schema versions 1 and 2 alike. */
    public enum EventKind {
        START, END, HEARTBEAT, METADATA, ERROR, OTHER;

        /** The column value: lower case. */
        public String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The machine's coarse environment ({@code osInformation}). */
    public record Environment(String platform, String release, String arch, Integer cpuCount,
            String javaVersion, String javaVendor, Boolean ci, String ciName, Boolean docker,
            String termProgram, Boolean tty) {
    }

    /** The facts of an error event; {@code null} on other events. */
    public record ErrorFacts(String errorKind, String exceptionType, String stage, String plugin,
            String fingerprint, String text) {
    }

    /** One stage of an end event. */
    public record StageFacts(String stage, long calls, long errors, Double totalMs, Double minMs,
            Double maxMs, Double meanMs) {
    }
}
