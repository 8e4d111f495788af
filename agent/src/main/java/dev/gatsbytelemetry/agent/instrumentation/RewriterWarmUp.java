package dev.gatsbytelemetry.agent.instrumentation;

import dev.gatsbytelemetry.agent.bootstrap.AgentJarClassFiles;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;

/**
 * Makes a {@link HookWeaver}'s rewriter ready on a daemon thread of its own, by hooking one small
 * class of the agent's with it (output thrown away), so that the JDK hooks' first rewrite on the
 * main thread finds the bundled ASM's classes loaded, verified and their constant pools resolved.
 *
 * <p>Implementation notes. Why: a first run's first rewrite ({@code Thread}, in premain) cost the
 * main thread 15.5 ms of CPU on JDK 25, where the bundled ASM (~30 classes) is read from the agent
 * jar, parsed, verified and interpreted once (docs/architecture.md, "First runs, session 6").
 * Premain's wiring before the JDK hooks takes ~10 ms of the main thread, time in which the second
 * core is mostly idle. Started only on JDKs without ASM of their own and when a rewrite is certain
 * to come ({@link JdkHooks#warmUpRewriterIfMissing}), never in a warm run. The
 * class loader locks per class, so the main thread, if it catches up, waits for a class this thread
 * is loading or loads it itself, and {@link HookWeaver}'s choice of writer is synchronized; ASM's
 * static initialisers use none of its other classes, so the threads cannot deadlock initialising.
 * Whatever goes wrong here only means the main thread does the work itself, as before.
 */
final class RewriterWarmUp implements Runnable {

    /** A small class of the agent's own with a method that returns a value. */
    private static final String SAMPLE = "dev.gatsbytelemetry.agent.instrumentation.Hook";

    static final String THREAD_NAME = "gatsby-telemetry-rewriter-warm-up";

    private final HookWeaver weaver;
    private final AgentLog log;

    private RewriterWarmUp(HookWeaver weaver, AgentLog log) {
        this.weaver = weaver;
        this.log = log;
    }

    /** Starts the thread; returns it, or null when it could not be started. Never throws. */
    static Thread start(HookWeaver weaver, AgentLog log) {
        try {
            Thread thread = new Thread(new RewriterWarmUp(weaver, log), THREAD_NAME);
            thread.setDaemon(true);
            thread.start();
            return thread;
        } catch (Throwable t) {
            log.debug("hook writer not warmed up: " + t);
            return null;
        }
    }

    @Override
    public void run() {
        try {
            byte[] classfile;
            try (AgentJarClassFiles files = new AgentJarClassFiles()) {
                classfile = files.read(SAMPLE);
            }
            // OBSERVE: entry, exit with a boxed value and the handler with its frame, every part a hook uses
            HookPlan plan = HookPlan.of(SAMPLE.replace('.', '/'), classfile, new HookClassVisitor.MethodSelector() {
                @Override
                public Hook select(String internalClassName, String methodName, String descriptor, int access) {
                    return methodName.equals("id") ? new Hook(Hook.Kind.OBSERVE, 0) : null;
                }
            });
            if (plan != null) {
                weaver.rewrite(classfile, plan);
            }
        } catch (Throwable t) {
            log.debug("hook writer not warmed up: " + t);
        }
    }
}
