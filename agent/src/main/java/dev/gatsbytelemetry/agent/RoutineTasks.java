package dev.gatsbytelemetry.agent;

import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.instrumentation.HookedClassCache;
import dev.gatsbytelemetry.agent.recorder.BackgroundTask;
import dev.gatsbytelemetry.agent.recorder.PluginInventory;
import dev.gatsbytelemetry.agent.recorder.Recorder;

/**
 * The recorder thread's routine work besides events, in order, each step stopping at the deadline:
 * start the heartbeats (after the first event, never in premain), read the class-path jars'
 * coordinates (while the tool runs rather than at its exit), write the hooked classes queued for
 * the cache.
 *
 * <p>One class for the three steps, not one each: every class the agent loads before {@code main}
 * costs the main thread ~0.3 ms of CPU (docs/architecture.md, "Startup"). A step that throws does
 * not stop the next.
 */
final class RoutineTasks implements BackgroundTask {

    private final int heartbeatSeconds;
    private final PluginInventory plugins;
    /** Null when the cache is off. */
    private final HookedClassCache cache;
    private final AgentLog log;
    /** Set once, right after the recorder is made (it needs the task list first). */
    private volatile Recorder recorder;

    RoutineTasks(int heartbeatSeconds, PluginInventory plugins, HookedClassCache cache, AgentLog log) {
        this.heartbeatSeconds = heartbeatSeconds;
        this.plugins = plugins;
        this.cache = cache;
        this.log = log;
    }

    void recorder(Recorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void run(long deadlineNanos) {
        Recorder r = recorder;
        if (heartbeatSeconds > 0 && r != null) {
            try {
                r.startHeartbeats(heartbeatSeconds);
            } catch (Throwable t) {
                log.debug("background task failed: " + t);
            }
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            return;
        }
        try {
            long start = System.nanoTime();
            if (plugins.scanClassPath(deadlineNanos)) {
                log.debug("class-path jars with Maven coordinates read in " + (System.nanoTime() - start) / 1000
                        + " us (recorder thread; " + plugins.classPathCacheSummary() + ")");
            }
        } catch (Throwable t) {
            log.debug("background task failed: " + t);
        }
        if (cache == null || System.nanoTime() - deadlineNanos >= 0) {
            return;
        }
        try {
            cache.writePending(deadlineNanos);
        } catch (Throwable t) {
            log.debug("background task failed: " + t);
        }
    }
}
