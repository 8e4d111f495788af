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

    /**
     * Durably keeps an event that is not complete yet, first thing at exit: its first members
     * ({@code head}) and last members ({@code tail}), with the {@code key} of the process that may
     * complete it later, or null when nothing but assembly is missing. A sink that
     * sends nothing keeps nothing. Must be quick and must not throw.
     */
    default void keepPending(String eventId, String key, String head, String tail) {
    }

    /**
     * Whether {@link #keepPending} keeps anything. When no sink does, the exit skips making the
     * records (~3 ms of the exit thread's CPU: the first JSON written in the process).
     */
    default boolean keepsPending() {
        return true;
    }

    /**
     * Called once, first thing when the JVM's exit begins (before {@link #keepPending}): stop
     * optional background work, which would compete with the exit for the CPU (on a busy machine,
     * a starved exit pays each millisecond of it many times over). Must be quick and must not throw.
     */
    default void exitBegins() {
    }

    /**
     * Completes, within the deadline, events that earlier runs kept but could not complete; stops
     * early once {@link #exitBegins()} was called.
     */
    default void completePending(PendingCompleter completer, long deadlineNanos) {
    }
}
