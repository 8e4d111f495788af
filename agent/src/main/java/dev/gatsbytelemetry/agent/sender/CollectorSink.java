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
 * recorder's thread, never in premain), so a run that records nothing pays nothing. It also keeps
 * the records of events written first at exit ({@link #keepPending}) and deletes each once its
 * complete event is in the spool.
 */
public final class CollectorSink implements EventSink {

    private final AgentConfig config;
    private final Path spoolDirectory;
    private final Map<String, String> environment;
    private final AgentLog log;
    private EventSender sender;
    /** Records kept at exit by event id; guarded by {@code this}. */
    private final Map<String, Path> pendingRecords = new java.util.HashMap<>();
    /** Their events that reached the sender complete; guarded by {@code this}. */
    private final java.util.Set<String> completedPending = new java.util.HashSet<>();

    public CollectorSink(AgentConfig config, Path spoolDirectory, Map<String, String> environment, AgentLog log) {
        this.config = config;
        this.spoolDirectory = spoolDirectory;
        this.environment = environment;
        this.log = log;
    }

    @Override
    public void accept(TelemetryEvent event) {
        sender().submit(event.eventId(), event.toJson());
        synchronized (this) {
            if (pendingRecords.containsKey(event.eventId())) {
                completedPending.add(event.eventId());
            }
        }
    }

    @Override
    public void keepPending(String eventId, String key, String head, String tail) {
        Path record = sender().keepPending(eventId, key, head, tail);
        if (record != null) {
            synchronized (this) {
                pendingRecords.put(eventId, record);
            }
        }
    }

    @Override
    public void exitBegins() {
        EventSender current;
        synchronized (this) {
            current = sender;
        }
        if (current != null) {
            current.exitBegins();
        }
    }

    @Override
    public void completePending(PendingCompleter completer, long deadlineNanos) {
        sender().completePending(completer, deadlineNanos);
    }

    @Override
    public void flushAtExit(long deadlineNanos) {
        EventSender current;
        synchronized (this) {
            current = sender;
        }
        if (current != null) {
            // Only events handed over before the flush began are surely drained by it: the recorder
            // thread may still hand over an event it was completing when the exit budget ran out, after
            // the flush emptied the queue (bench/concurrent_exits.py lost one error event of 40 that way: its
            // record was forgotten while its event sat in a queue nobody drained again).
            java.util.List<String> handedOver;
            synchronized (this) {
                handedOver = new java.util.ArrayList<>(completedPending);
            }
            current.flushAtExit(deadlineNanos);
            forgetCompletedRecords(current, handedOver);
        }
    }

    /**
     * After the exit flush has written the queue to the spool: the records whose complete event is
     * now on disk are no longer needed. If the queue could not be written (its lock timed out, a
     * write failed), they stay, and a later run completes them again under the same event id.
     */
    private void forgetCompletedRecords(EventSender current, java.util.List<String> handedOver) {
        if (!current.queueOnDiskAtExit()) {
            return;
        }
        synchronized (this) {
            for (String eventId : handedOver) {
                current.forgetPending(pendingRecords.remove(eventId));
                completedPending.remove(eventId);
            }
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
