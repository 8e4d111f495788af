package dev.gatsbytelemetry.agent.sender;

import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.event.TelemetryEvent;

/**
 * {@code GATSBY_TELEMETRY_DEBUG} / {@code GATSBY_TELEMETRY_VERBOSE}: one line per event on stderr,
 * {@code Captured event: } and the event as compact JSON, exactly what would be sent.
 */
public final class DebugEventPrinter implements EventSink {

    public static final String PREFIX = "Captured event: ";

    private final AgentLog log;

    public DebugEventPrinter(AgentLog log) {
        this.log = log;
    }

    @Override
    public void accept(TelemetryEvent event) {
        log.raw(PREFIX + event.toJson());
    }

    /** Prints complete events only: nothing to keep at exit. */
    @Override
    public boolean keepsPending() {
        return false;
    }
}
