package dev.gatsbytelemetry.agent;

import dev.gatsbytelemetry.agent.bridge.TelemetryBridge;
import dev.gatsbytelemetry.agent.command.KnownCommandWords;
import dev.gatsbytelemetry.agent.config.AgentConfig;
import dev.gatsbytelemetry.agent.config.ConfigFileFacts;
import dev.gatsbytelemetry.agent.config.ConfigFileLocation;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.identity.JarCoordinatesCache;
import dev.gatsbytelemetry.agent.identity.SessionIds;
import dev.gatsbytelemetry.agent.instrumentation.AgentJarFingerprint;
import dev.gatsbytelemetry.agent.instrumentation.HookTargets;
import dev.gatsbytelemetry.agent.instrumentation.HookWeaver;
import dev.gatsbytelemetry.agent.instrumentation.HookedClassCache;
import dev.gatsbytelemetry.agent.instrumentation.HookedClassKey;
import dev.gatsbytelemetry.agent.integration.Integrations;
import dev.gatsbytelemetry.agent.instrumentation.JdkHooks;
import dev.gatsbytelemetry.agent.instrumentation.MainClassLocator;
import dev.gatsbytelemetry.agent.instrumentation.TelemetryTransformer;
import dev.gatsbytelemetry.agent.instrumentation.TransformerRetirement;
import dev.gatsbytelemetry.agent.recorder.BackgroundTask;
import dev.gatsbytelemetry.agent.recorder.EventFactory;
import dev.gatsbytelemetry.agent.recorder.EventWorker;
import dev.gatsbytelemetry.agent.recorder.PluginInventory;
import dev.gatsbytelemetry.agent.recorder.Recorder;
import dev.gatsbytelemetry.agent.sender.CollectorSink;
import dev.gatsbytelemetry.agent.sender.DebugEventPrinter;
import dev.gatsbytelemetry.agent.sender.EventSink;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;

/**
 * Wires the enabled agent together. Still on the application's critical path, so it does only what
 * must happen before the first application class loads: install the bridge's handler, the three JDK
 * hooks and the transformer, and register the exit hook. No thread is started, no file is written
 * and nothing touches the network: all of that waits for the first event, on the recorder's own
 * thread. The only files read are the agent jar's directory (its fingerprint) and the hooked-class
 * cache's entries for the JDK hooks.
 */
final class AgentInstaller {

    /** The budget for completing queued events at exit in debug mode, where a person is watching. */
    private static final long DEBUG_DRAIN_BUDGET_MILLIS = 2_000;

    private AgentInstaller() {
    }

    static void install(AgentConfig config, ConfigFileFacts configFile, AgentLog log, Instrumentation instrumentation,
                        boolean atStartup, long premainNanos) {
        long started = System.nanoTime();
        if (TelemetryBridge.isInstalled()) {
            log.debug("the agent is already installed in this JVM; ignoring this copy");
            return;
        }
        Map<String, String> environment = System.getenv();
        Path configDirectory = ConfigFileLocation.directory(environment, System.getProperty("user.home"));
        // A state folder that is a link, someone else's or writable by others is not used at all
        boolean folderUsable = configFile.folderProblem() == null;
        if (!folderUsable) {
            log.debug(configFile.folderProblem() + "; running without it: nothing spooled or sent, no class cache,"
                    + " a temporary machine id");
        }
        List<EventSink> sinks = new ArrayList<>();
        if (config.printsEvents()) {
            sinks.add(new DebugEventPrinter(log));
        }
        CollectorSink collector = null;
        if (config.sendsEvents() && folderUsable) {
            Path spool = configDirectory.resolve("events");
            collector = new CollectorSink(config, spool, environment, log);
            sinks.add(collector);
        }
        String sessionId = SessionIds.sessionId(environment);
        PluginInventory plugins = new PluginInventory(instrumentation, config.classPathPlugins(), null,
                folderUsable ? configDirectory.resolve(JarCoordinatesCache.FILE_NAME) : null);
        // the class cache's key and build also key the command words kept between runs
        String build = folderUsable && config.classCache() ? AgentJarFingerprint.ofAgentJar() : null;
        EventFactory factory = new EventFactory(sessionId, config, configFile, environment, log,
                new DroppedEventsReport(collector), plugins,
                build == null ? null : configDirectory.resolve(KnownCommandWords.FILE_NAME), build);
        long drainBudget = config.debug() ? DEBUG_DRAIN_BUDGET_MILLIS : config.flushTimeoutMillis();
        HookedClassCache cache = build == null ? null
                : new HookedClassCache(configDirectory.resolve(HookedClassCache.DIRECTORY_NAME), build,
                        new HookedClassKey(configDirectory.resolve("config.json"), configFile.hookedClassKey()), log);
        HookWeaver weaver = new HookWeaver(cache, instrumentation, log);
        JdkHooks.warmUpRewriterIfMissing(weaver, cache, log); // a first run's ASM, loaded during the wiring below
        List<BackgroundTask> tasks = new ArrayList<>();
        RoutineTasks routine = new RoutineTasks(config.heartbeatSeconds(), plugins, cache, log);
        tasks.add(routine);
        if (collector != null) {
            tasks.add(completePendingOnce(collector, factory));
        }
        EventWorker worker = new EventWorker(factory, sinks, tasks, log, drainBudget, config.printsEvents());
        Recorder recorder = new Recorder(config.commandAllowList(), Thread.currentThread(), sessionId, worker);
        routine.recorder(recorder);
        if (!TelemetryBridge.install(recorder)) {
            log.debug("the agent is already installed in this JVM; ignoring this copy");
            return;
        }

        long wired = System.nanoTime();
        Integrations integrations = Integrations.builtIn(recorder);
        recorder.observeWith(integrations);
        JdkHooks.install(instrumentation, weaver, log, integrations.printStackTraceObserveId());
        long hooked = System.nanoTime();
        String mainClass = MainClassLocator.locate(System.getProperty("sun.java.command"));
        HookTargets targets = new HookTargets(config.stages(), config.entryPoints(), mainClass,
                recorder.hookRegistry(), log, integrations.observedMethods());
        TransformerRetirement retirement = targets.isEmpty() ? null
                : TelemetryTransformer.install(targets, weaver, instrumentation, log);
        // after the transformer: the check may load a framework class, which must get its hooks
        Integrations.Expected expected = integrations.expected(mainClass, ClassLoader.getSystemClassLoader());
        if (expected.any()) {
            recorder.deferCommandStart();
        }
        if (retirement != null) {
            retirement.settle(expected.classesNotExpected());
        }
        if (!atStartup) {
            log.debug("attached to a running JVM: classes already loaded are not instrumented");
        }
        if (log.isDebug()) {
            long done = System.nanoTime();
            log.debug("installed in " + (done - premainNanos) / 1000 + " us: configuration and bridge "
                    + (started - premainNanos) / 1000 + " us, recorder " + (wired - started) / 1000
                    + " us, JDK hooks " + (hooked - wired) / 1000 + " us, transformer and integrations "
                    + (done - hooked) / 1000 + " us");
        }
        if (cache != null) {
            cache.writeInBackground(); // a first run's entries, written while the tool runs, not at its exit
        }
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                recorder.onShutdown();
            }
        }, "gatsby-telemetry-exit"));
    }

    /**
     * Completes the events earlier runs of this tool kept at exit but could not finish: on the
     * recorder thread, after this run's first event (which collects the identity they need), until
     * none is left.
     */
    private static BackgroundTask completePendingOnce(CollectorSink collector, EventFactory factory) {
        return new BackgroundTask() {
            private boolean done;

            @Override
            public void run(long deadlineNanos) {
                if (!done && factory.isIdentityReady()) {
                    collector.completePending(factory, deadlineNanos);
                    // Finished before its deadline: nothing this run can complete is left. Otherwise
                    // go on in the next slice (a busy machine, hundreds of records).
                    done = System.nanoTime() - deadlineNanos < 0;
                }
            }

            @Override
            public boolean hasMore() {
                return !done && factory.isIdentityReady();
            }
        };
    }
}
