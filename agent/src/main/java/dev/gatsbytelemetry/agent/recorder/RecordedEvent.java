package dev.gatsbytelemetry.agent.recorder;

import dev.gatsbytelemetry.agent.event.EventTypes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an application thread hands over: the cheap facts of an event, captured in place. Turning it
 * into a {@link dev.gatsbytelemetry.agent.event.TelemetryEvent} (ids, environment, sanitizing) happens
 * later on the recorder's own thread. Immutable; {@code fields} hold only agent-made values, never a
 * string from the host, and {@code error} goes through the sanitizer before anything of it is kept.
 * The command may still be undecided ({@link CommandName}); the types of the events named after it
 * (start, heartbeat, end) are formed only once it is decided, on the recorder's thread.
 */
final class RecordedEvent {

    /*
     * Whether the event's type is fixed or formed from the command's name. Int constants, not an
     * enum: an enum and its switch map are two more classes to load (the first on the application's
     * thread, at the start event), ~0.3 ms of CPU each in a cold JVM.
     */
    private static final int FIXED = 0;
    private static final int COMMAND_STARTED = 1;
    private static final int COMMAND_HEARTBEAT = 2;
    private static final int COMMAND_ENDED = 3;

    private final int naming;
    private final String eventType;
    private final long epochMillis;
    private final CommandName command;
    private final Map<String, Object> fields;
    private final Throwable error;
    /** Given in advance when the event is also kept as a pending record; null: assigned on completion. */
    private final String eventId;

    RecordedEvent(String eventType, long epochMillis, CommandName command, Map<String, Object> fields,
                  Throwable error) {
        this(eventType, epochMillis, command, fields, error, null);
    }

    RecordedEvent(String eventType, long epochMillis, CommandName command, Map<String, Object> fields,
                  Throwable error, String eventId) {
        this(FIXED, eventType, epochMillis, command, fields, error, eventId);
    }

    private RecordedEvent(int naming, String eventType, long epochMillis, CommandName command,
                          Map<String, Object> fields, Throwable error, String eventId) {
        this.naming = naming;
        this.eventId = eventId;
        this.eventType = eventType;
        this.epochMillis = epochMillis;
        this.command = command;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.error = error;
    }

    /** {@code CLI_RAW_COMMAND_<COMMAND>} (or v1's name) once the command is decided. */
    static RecordedEvent commandStarted(CommandName command, long epochMillis) {
        return new RecordedEvent(COMMAND_STARTED, null, epochMillis, command, Map.of(), null, null);
    }

    /** The heartbeat, named after the command once it is decided. */
    static RecordedEvent commandHeartbeat(CommandName command, long epochMillis, Map<String, Object> fields) {
        return new RecordedEvent(COMMAND_HEARTBEAT, null, epochMillis, command, fields, null, null);
    }

    /** The end event, named after the command once it is decided. */
    static RecordedEvent commandEnded(CommandName command, long epochMillis, Map<String, Object> fields,
                                      String eventId) {
        return new RecordedEvent(COMMAND_ENDED, null, epochMillis, command, fields, null, eventId);
    }

    /** The fixed type, or {@code null} when it is formed from the command ({@link #eventType(String)}). */
    String eventType() {
        return eventType;
    }

    /** The type for the decided command name. */
    String eventType(String decidedCommand) {
        switch (naming) {
            case COMMAND_STARTED:
                return EventTypes.commandStarted(decidedCommand);
            case COMMAND_HEARTBEAT:
                return EventTypes.commandHeartbeat(decidedCommand);
            case COMMAND_ENDED:
                return EventTypes.commandEnded(decidedCommand);
            default:
                return eventType;
        }
    }

    long epochMillis() {
        return epochMillis;
    }

    /** The command, or {@code null} before any command started. */
    CommandName command() {
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
