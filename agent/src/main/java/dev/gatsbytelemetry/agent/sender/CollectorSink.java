package dev.gatsbytelemetry.agent.sender;

import dev.gatsbytelemetry.agent.AgentVersion;
import dev.gatsbytelemetry.agent.config.AgentConfig;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.environment.CiDetector;
import dev.gatsbytelemetry.agent.event.TelemetryEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Hands finished events to an {@link EventSender}, which it creates on the first event (on the
 * recorder's thread, never in premain), so a run that records nothing pays nothing.
 */
public final class CollectorSink implements EventSink {

    private final AgentConfig config;
    private final Path spoolDirectory;
    private final Map<String, String> environment;
    private final AgentLog log;
    private EventSender sender;

    public CollectorSink(AgentConfig config, Path spoolDirectory, Map<String, String> environment, AgentLog log) {
        this.config = config;
        this.spoolDirectory = spoolDirectory;
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
            boolean ci = CiDetector.detect(environment == null ? Map.of() : environment).ci();
            SenderSettings settings = SenderSettings.builder()
                    .endpoint(config.endpoint())
                    .gzip(config.gzip())
                    .flushTimeoutMillis(config.flushTimeoutMillis())
                    .spoolDirectory(spoolDirectory)
                    .userAgent("gatsby-telemetry-agent/" + AgentVersion.get())
                    .sendInterval(Duration.ofMinutes(config.sendIntervalMinutes(ci)))
                    .build();
            sender = new EventSender(settings, environment, Clock.systemUTC(), new SenderLog() {
                @Override
                public void debug(String message) {
                    log.debug(message);
                }
            });
        }
        return sender;
    }
}
