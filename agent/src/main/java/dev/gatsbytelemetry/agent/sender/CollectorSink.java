package dev.gatsbytelemetry.agent.sender;

import dev.gatsbytelemetry.agent.AgentVersion;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.event.TelemetryEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Hands finished events to an {@link EventSender}, which it creates on the first event (on the
 * recorder's thread, never in premain), so a run that records nothing pays nothing.
 */
public final class CollectorSink implements EventSink {

    private final SenderSettings.Builder settings;
    private final Map<String, String> environment;
    private final AgentLog log;
    private EventSender sender;

    public CollectorSink(URI endpoint, boolean gzip, long flushTimeoutMillis, Path spoolDirectory,
                         Map<String, String> environment, AgentLog log) {
        this.settings = SenderSettings.builder()
                .endpoint(endpoint)
                .gzip(gzip)
                .flushTimeoutMillis(flushTimeoutMillis)
                .spoolDirectory(spoolDirectory);
        this.environment = environment;
        this.log = log;
    }

    @Override
    public void accept(TelemetryEvent event) {
        sender().submit(event.eventId(), event.toJson());
    }

    @Override
    public void flushAtExit(long deadlineNanos) {
        EventSender current;
        synchronized (this) {
            current = sender;
        }
        if (current != null) {
            current.flushAtExit(deadlineNanos);
        }
    }

    /** Events that fell off the spool's bounds since the last report, for the metadata event. */
    public long takeDroppedEventsReport() {
        return sender().takeDroppedEventsReport();
    }

    private synchronized EventSender sender() {
        if (sender == null) {
            settings.userAgent("gatsby-telemetry-agent/" + AgentVersion.get());
            sender = new EventSender(settings.build(), environment, Clock.systemUTC(), new SenderLog() {
                @Override
                public void debug(String message) {
                    log.debug(message);
                }
            });
        }
        return sender;
    }
}
