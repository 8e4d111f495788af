package dev.gatsbytelemetry.agent.instrumentation;

import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Hooks one class: asks the selector which methods take hooks ({@link HookPlan}), then takes the
 * hooked class from the {@link HookedClassCache} when an earlier run made exactly this one, and
 * otherwise rewrites it and keeps the result for later runs, written by a thread of the cache's
 * own while the tool runs.
 *
 * <p>Rewriting uses the JDK's own ASM where the JDK has one ({@link JdkAsmHookWriter}: JDK 17 to 23,
 * no class loading to speak of), else, or for a class file that copy refuses, the bundled ASM
 * ({@link AsmHookWriter}). Which one is decided at the first rewrite, never in a run that finds
 * everything in the cache.
 */
public final class HookWeaver {

    private final HookedClassCache cache;
    /** Grants the JDK's ASM package to the relocated writer's module; null: bundled ASM only. */
    private final Instrumentation instrumentation;
    private final AgentLog log;
    /** The JDK-ASM writer once looked for; null when there is none. Guarded by {@code this}. */
    private MethodHandle jdkWriter;
    private boolean jdkWriterLooked;

    /** @param cache the cache of earlier runs' hooked classes, or {@code null} to rewrite every time */
    public HookWeaver(HookedClassCache cache) {
        this(cache, null, null);
    }

    /**
     * @param cache           the cache of earlier runs' hooked classes, or {@code null} to rewrite every time
     * @param instrumentation used to export the JDK's ASM to the writer's private loader only, or
     *                        {@code null} to rewrite with the bundled ASM
     */
    public HookWeaver(HookedClassCache cache, Instrumentation instrumentation, AgentLog log) {
        this.cache = cache;
        this.instrumentation = instrumentation;
        this.log = log;
    }

    /**
     * The hooked class file, or {@code null} when the selector picks no method.
     *
     * @throws RuntimeException if the bytes are not a class file the agent can rewrite
     */
    byte[] weave(String className, byte[] classfile, HookClassVisitor.MethodSelector selector) {
        HookPlan plan = HookPlan.of(className, classfile, selector);
        if (plan == null) {
            return null;
        }
        if (cache != null) {
            byte[] kept = cache.lookup(className, classfile, plan);
            if (kept != null) {
                return kept;
            }
        }
        byte[] hooked = rewrite(classfile, plan);
        if (hooked != null && cache != null) {
            cache.store(className, classfile, plan, hooked);
            cache.writeSoon(); // off this thread, during the run rather than at its exit
        }
        return hooked;
    }

    /** The hooked class file, written with the JDK's ASM when it has one, else the bundled one. */
    byte[] rewrite(byte[] classfile, HookPlan plan) {
        MethodHandle jdk = jdkWriter();
        if (jdk != null) {
            try {
                return (byte[]) jdk.invokeExact(classfile, plan);
            } catch (Throwable t) {
                // a class file version or attribute the JDK's copy does not know: the bundled ASM does
                if (log != null) {
                    log.debug("hook written with the bundled ASM: the JDK's refused it (" + t + ")");
                }
            }
        }
        return AsmHookWriter.write(classfile, plan);
    }

    private synchronized MethodHandle jdkWriter() {
        if (!jdkWriterLooked) {
            jdkWriterLooked = true;
            if (instrumentation != null) {
                long started = System.nanoTime();
                try {
                    // no lambda: on a first run this is premain, where each lambda spins classes
                    jdkWriter = JdkAsmHookWriter.load(new Consumer<Module>() {
                        @Override
                        public void accept(Module module) {
                            instrumentation.redefineModule(Object.class.getModule(), Set.of(),
                                    Map.of("jdk.internal.org.objectweb.asm", Set.of(module)), Map.of(), Set.of(), Map.of());
                        }
                    });
                    if (jdkWriter != null && log != null && log.isDebug()) {
                        log.debug("hooks are written with the JDK's own ASM (set up in "
                                + (System.nanoTime() - started) / 1000 + " us)");
                    }
                } catch (Throwable t) {
                    if (log != null) {
                        log.debug("hooks are written with the bundled ASM: " + t);
                    }
                }
            }
        }
        return jdkWriter;
    }
}
