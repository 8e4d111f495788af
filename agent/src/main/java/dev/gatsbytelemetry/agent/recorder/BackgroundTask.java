package dev.gatsbytelemetry.agent.recorder;

/**
 * Work for the recorder's thread besides events, such as saving newly hooked classes: run after
 * each event the thread handles, and once more at exit if the exit budget has time left.
 * Implementations must not throw and must return by the deadline.
 */
public interface BackgroundTask {

    /** @param deadlineNanos when to stop, on the {@link System#nanoTime()} scale */
    void run(long deadlineNanos);

    /**
     * Whether the last {@link #run} stopped at its deadline with work left: then the recorder
     * thread runs the tasks again soon, without waiting for another event (a run's last events come
     * at its exit, when that work no longer starts).
     */
    default boolean hasMore() {
        return false;
    }
}
