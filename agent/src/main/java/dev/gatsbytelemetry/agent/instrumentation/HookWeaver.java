package dev.gatsbytelemetry.agent.instrumentation;

/**
 * Hooks one class: asks the selector which methods take hooks ({@link HookPlan}), then takes the
 * hooked class from the {@link HookedClassCache} when an earlier run made exactly this one, and
 * otherwise has {@link AsmHookWriter} write it and keeps the result for later runs, written by a
 * thread of the cache's own while the tool runs. Immutable.
 */
public final class HookWeaver {

    private final HookedClassCache cache;

    /** @param cache the cache of earlier runs' hooked classes, or {@code null} to rewrite every time */
    public HookWeaver(HookedClassCache cache) {
        this.cache = cache;
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
        byte[] hooked = AsmHookWriter.write(classfile, plan);
        if (hooked != null && cache != null) {
            cache.store(className, classfile, plan, hooked);
            cache.writeSoon(); // off this thread, during the run rather than at its exit
        }
        return hooked;
    }
}
