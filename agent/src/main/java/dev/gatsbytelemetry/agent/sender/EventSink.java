package dev.gatsbytelemetry.agent.sender;

import dev.gatsbytelemetry.agent.event.TelemetryEvent;

/** Where finished events go: printed, sent, or both. Called from one thread at a time. */
public interface EventSink {

    void accept(TelemetryEvent event);

    /**
     * Called once from the JVM's shutdown hook after the last event; must return by
     * {@code deadlineNanos} ({@link System#nanoTime()} scale), whatever the network does.
     */
    default void flushAtExit(long deadlineNanos) {
    }
}
