package dev.gatsbytelemetry.agent.instrumentation;

import dev.gatsbytelemetry.agent.bridge.TelemetryBridge;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

/**
 * Three one-line hooks in {@code java.base}, installed by retransformation at startup:
 * <ul>
 *   <li>{@code Thread.dispatchUncaughtException(Throwable)}, which the VM calls for every thread that
 *       dies of an exception, before any handler. Hooking it sees each uncaught exception exactly once
 *       without replacing anyone's handler: per-thread handlers, a default handler the app installs
 *       later, and the JVM's own printing all keep working untouched.</li>
 *   <li>{@code Shutdown.exit(int)}, through which both {@code System.exit(n)} and signal-triggered
 *       exits pass, so the end event carries the real exit code. Exit advice on {@code main} cannot
 *       do this: {@code System.exit} never returns to it.</li>
 *   <li>{@code Throwable.printStackTrace(PrintStreamOrWriter)}, where both public
 *       {@code printStackTrace} forms end: an {@code OBSERVE} hook, so a tool that catches an
 *       exception and prints it is seen (reported once per throwable, see the recorder).</li>
 *   <li>{@code ProcessBuilder.start()}, which every child process goes through (including
 *       {@code Runtime.exec}), so a child JVM running the agent inherits the session id through
 *       its environment, as Gatsby's forked workers did (gatsby#28799).</li>
 * </ul>
 * The transformer is removed again once the four classes are retransformed, so it costs nothing on
 * later class loads.
 */
public final class JdkHooks implements ClassFileTransformer, HookClassVisitor.MethodSelector {

    private static final String THREAD = "java/lang/Thread";
    private static final String SHUTDOWN = "java/lang/Shutdown";
    private static final String PROCESS_BUILDER = "java/lang/ProcessBuilder";
    private static final String THROWABLE = "java/lang/Throwable";
    private static final String DISPATCH_UNCAUGHT = "dispatchUncaughtException";
    private static final String DISPATCH_UNCAUGHT_DESCRIPTOR = "(Ljava/lang/Throwable;)V";

    private final HookWeaver weaver;
    private final AgentLog log;
    private final int printStackTraceObserveId;
    private volatile int hooked;

    private JdkHooks(HookWeaver weaver, AgentLog log, int printStackTraceObserveId) {
        this.weaver = weaver;
        this.log = log;
        this.printStackTraceObserveId = printStackTraceObserveId;
    }

    /**
     * Installs the hooks; returns how many classes took them. Never throws.
     *
     * @param printStackTraceObserveId the observe id for {@code Throwable.printStackTrace}, or -1 for none
     */
    public static int install(Instrumentation instrumentation, HookWeaver weaver, AgentLog log,
                              int printStackTraceObserveId) {
        JdkHooks hooks = new JdkHooks(weaver, log, printStackTraceObserveId);
        try {
            Module base = Object.class.getModule();
            Module bridge = TelemetryBridge.class.getModule();
            if (!base.canRead(bridge)) {
                instrumentation.redefineModule(base, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
            }
            instrumentation.addTransformer(hooks, true);
            try {
                if (printStackTraceObserveId >= 0) {
                    instrumentation.retransformClasses(Thread.class, Class.forName("java.lang.Shutdown"),
                            ProcessBuilder.class, Throwable.class);
                } else {
                    instrumentation.retransformClasses(Thread.class, Class.forName("java.lang.Shutdown"),
                            ProcessBuilder.class);
                }
            } finally {
                instrumentation.removeTransformer(hooks);
            }
        } catch (Throwable t) {
            log.debug("JDK hooks not installed (" + t + "); uncaught exceptions and exit codes may be missed");
        }
        return hooks.hooked;
    }

    /**
     * On a JDK without its own ASM (24 and later), starts getting the weaver's rewriter ready on a
     * daemon thread ({@link RewriterWarmUp}) when {@link #install} is certain to rewrite: the cache
     * holds no entry for {@code Thread}'s hook made by this agent build (a first run: a new agent
     * build or an emptied cache; after a JDK update the old JDK's entry still matches by name, and
     * the main thread rewrites as before), or there is no cache. Call it as early as the weaver
     * exists, so that premain's wiring runs meanwhile. On JDK 17 to 23, where the JDK's own ASM
     * costs no class loading, it saved the main thread 0-2 ms of CPU to {@code main} and cost as
     * much elsewhere (docs/architecture.md, "First runs, session 6"): not done there. Never throws.
     *
     * @return whether the thread was started
     */
    public static boolean warmUpRewriterIfMissing(HookWeaver weaver, HookedClassCache cache, AgentLog log) {
        try {
            return !JdkAsmHookWriter.jdkHasAsm() && warmUpRewriterIfMissing(weaver, cache, log, true);
        } catch (Throwable t) {
            log.debug("hook writer not warmed up: " + t);
            return false;
        }
    }

    /** {@link #warmUpRewriterIfMissing(HookWeaver, HookedClassCache, AgentLog)} with the JDK's choice given. */
    static boolean warmUpRewriterIfMissing(HookWeaver weaver, HookedClassCache cache, AgentLog log, boolean bundledAsm) {
        try {
            if (!bundledAsm) {
                return false;
            }
            // the plan the transform will make for Thread, from the same selector
            Hook uncaught = new JdkHooks(null, log, -1).select(THREAD, DISPATCH_UNCAUGHT, DISPATCH_UNCAUGHT_DESCRIPTOR, 0);
            if (cache == null || !cache.mayHoldEntryFor(THREAD, HookPlan.keyOf(DISPATCH_UNCAUGHT + DISPATCH_UNCAUGHT_DESCRIPTOR, uncaught))) {
                return RewriterWarmUp.start(weaver, log) != null;
            }
        } catch (Throwable t) {
            log.debug("hook writer not warmed up: " + t);
        }
        return false;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (loader != null || classBeingRedefined == null
                || !(THREAD.equals(className) || SHUTDOWN.equals(className) || PROCESS_BUILDER.equals(className)
                        || THROWABLE.equals(className))) {
            return null;
        }
        try {
            byte[] result = weaver.weave(className, classfileBuffer, this);
            if (result != null) {
                hooked++;
            }
            return result;
        } catch (Throwable t) {
            log.debug("could not hook " + className + ": " + t);
            return null;
        }
    }

    @Override
    public Hook select(String className, String methodName, String descriptor, int access) {
        if (THREAD.equals(className) && methodName.equals(DISPATCH_UNCAUGHT)
                && descriptor.equals(DISPATCH_UNCAUGHT_DESCRIPTOR)) {
            return new Hook(Hook.Kind.UNCAUGHT, 0);
        }
        if (SHUTDOWN.equals(className) && methodName.equals("exit") && descriptor.equals("(I)V")) {
            return new Hook(Hook.Kind.EXIT, 0);
        }
        if (THROWABLE.equals(className) && printStackTraceObserveId >= 0 && methodName.equals("printStackTrace")
                && descriptor.equals("(Ljava/lang/Throwable$PrintStreamOrWriter;)V")) {
            return new Hook(Hook.Kind.OBSERVE, printStackTraceObserveId);
        }
        if (PROCESS_BUILDER.equals(className) && methodName.equals("start") && descriptor.equals("()Ljava/lang/Process;")) {
            return new Hook(Hook.Kind.PROCESS_START, 0);
        }
        return null;
    }
}
