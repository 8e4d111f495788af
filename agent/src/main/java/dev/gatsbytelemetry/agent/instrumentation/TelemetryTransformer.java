package dev.gatsbytelemetry.agent.instrumentation;

import dev.gatsbytelemetry.agent.bridge.TelemetryBridge;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hooks application classes as the JVM loads them, in any class loader.
 *
 * <p>Why not Byte Buddy's {@code AgentBuilder} and {@code Advice}: their first use costs 300–700 ms
 * of class loading on the JVM's startup path (measured in BENCHMARKS.md), more than this agent's
 * whole startup budget. The hooks here are three bridge calls, written directly with the ASM copy
 * that Byte Buddy bundles (relocated with it), and kept for later runs by the {@link HookWeaver}.
 *
 * <p>Registered, it costs every class the JVM loads (the JVM copies each class's bytes for it), so
 * it unregisters itself once every exactly named class it waits for has loaded
 * ({@link TransformerRetirement}); until then, a class that cannot match is turned away after one
 * lookup and a few string comparisons, without allocating.
 *
 * <p>Never throws: a class the transformer cannot handle is loaded unchanged.
 */
public final class TelemetryTransformer implements ClassFileTransformer {

    private final HookTargets targets;
    private final HookWeaver weaver;
    private final Instrumentation instrumentation;
    private final AgentLog log;
    private final Module bridgeModule = TelemetryBridge.class.getModule();
    /** False: hooks classes as they load. True: hooks only classes being retransformed. */
    private final boolean retransforming;
    /** Told of every class that might match; null in a one-shot or a test transformer. */
    private volatile TransformerRetirement retirement;

    public TelemetryTransformer(HookTargets targets, HookWeaver weaver, Instrumentation instrumentation, AgentLog log) {
        this(targets, weaver, instrumentation, log, false);
    }

    private TelemetryTransformer(HookTargets targets, HookWeaver weaver, Instrumentation instrumentation, AgentLog log,
                                 boolean retransforming) {
        this.targets = targets;
        this.weaver = weaver;
        this.instrumentation = instrumentation;
        this.log = log;
        this.retransforming = retransforming;
    }

    /**
     * Registers a transformer for {@code targets}, hooks the matching classes that were loaded before
     * premain, and returns what decides when the transformer goes away again: call its
     * {@link TransformerRetirement#settle} once the frameworks' presence is known. Never throws.
     */
    public static TransformerRetirement install(HookTargets targets, HookWeaver weaver, Instrumentation instrumentation,
                                                AgentLog log) {
        TelemetryTransformer transformer = new TelemetryTransformer(targets, weaver, instrumentation, log);
        TransformerRetirement retirement =
                new TransformerRetirement(targets.exactClasses(), instrumentation, transformer, log);
        transformer.retirement = retirement;
        // The name check loads the pattern matcher's class at its first call. Made while no
        // transformer is registered: otherwise that class's own load calls the transformer, which
        // needs the class, and the JVM parses and defines it twice (-Xlog:class+load showed it).
        targets.mightMatch("java/lang/Object");
        instrumentation.addTransformer(transformer, false);
        hookClassesLoadedBeforePremain(targets, weaver, instrumentation, log, retirement);
        return retirement;
    }

    /**
     * Hooks application classes that were loaded before premain, so never passed the transformer:
     * with a JDK 24+ AOT cache ({@code -XX:AOTCache}) the JVM loads the cached application classes,
     * the main class among them, before agents start, and a run had no command event at all. Asks
     * the application class loader which classes it has (at premain, normally only the agent's), and
     * retransforms the ones that need hooks with a one-shot transformer. Never throws.
     *
     * @return how many classes were retransformed
     */
    static int hookClassesLoadedBeforePremain(HookTargets targets, HookWeaver weaver, Instrumentation instrumentation,
                                              AgentLog log, TransformerRetirement retirement) {
        try {
            List<Class<?>> loaded = new ArrayList<>();
            for (Class<?> c : instrumentation.getInitiatedClasses(ClassLoader.getSystemClassLoader())) {
                String name = c.getName().replace('.', '/');
                if (!HookTargets.isProtected(name) && targets.mightMatch(name) && instrumentation.isModifiableClass(c)) {
                    loaded.add(c);
                }
            }
            if (loaded.isEmpty()) {
                return 0;
            }
            TelemetryTransformer oneShot = new TelemetryTransformer(targets, weaver, instrumentation, log, true);
            oneShot.retirement = retirement;
            instrumentation.addTransformer(oneShot, true);
            try {
                instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
            } finally {
                instrumentation.removeTransformer(oneShot);
            }
            log.debug("hooked " + loaded.size() + " class(es) loaded before the agent started (AOT cache)");
            return loaded.size();
        } catch (Throwable t) {
            log.debug("classes loaded before the agent started are not hooked: " + t);
            return 0;
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || (classBeingRedefined != null) != retransforming) {
            return null;
        }
        HookClassVisitor.MethodSelector selector = targets;
        if (!targets.mightMatch(className)) {
            if (!targets.isSourceFileClass(loader)) {
                return null;
            }
            selector = targets.forSourceFileClass();
        }
        TransformerRetirement waiting = retirement;
        if (waiting != null) {
            waiting.seen(className);
        }
        try {
            if ((loader == null || HookTargets.isProtected(className)) && !targets.isObservedJdkClass(className)) {
                log.warnOnce("not instrumenting " + className.replace('/', '.')
                        + ": JDK and agent classes are never instrumented");
                return null;
            }
            byte[] result = weaver.weave(className, classfileBuffer, selector);
            if (result != null && module != null && module.isNamed() && !module.canRead(bridgeModule)) {
                instrumentation.redefineModule(module, Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
            }
            return result;
        } catch (Throwable t) {
            log.warnOnce("could not instrument " + className.replace('/', '.') + " (" + t + "); it runs unchanged");
            return null;
        }
    }
}
