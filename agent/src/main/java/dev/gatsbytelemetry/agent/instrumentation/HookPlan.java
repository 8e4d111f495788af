package dev.gatsbytelemetry.agent.instrumentation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which hook goes into which method of one class, decided before any rewriting. Immutable.
 *
 * <p>A selector is asked once per method, here; the rewrite then follows the plan. Asking once
 * matters: selectors hand out hook ids as they answer. The plan's {@link #key} names the rewrite's
 * inputs besides the class bytes, so the {@link HookedClassCache} can tell whether a rewrite it
 * kept applies.
 *
 * <p>Public, with {@link #canHook}, only because the hook writer's copy on the JDK's ASM
 * ({@link JdkAsmHookWriter}) lives in another class loader, so another runtime package.
 */
public final class HookPlan implements HookClassVisitor.MethodSelector {

    private static final int ACC_NATIVE = 0x0100;
    private static final int ACC_ABSTRACT = 0x0400;

    private final Map<String, Hook> hooks;
    private final String key;

    private HookPlan(Map<String, Hook> hooks, String key) {
        this.hooks = hooks;
        this.key = key;
    }

    /**
     * Asks the selector about each method the class declares that can take a hook (not abstract,
     * not native, not a constructor or class initializer), in declaration order.
     *
     * @return the plan, or {@code null} when no method is selected
     * @throws IllegalArgumentException if the bytes are not a well-formed class file
     */
    static HookPlan of(String className, byte[] classfile, HookClassVisitor.MethodSelector selector) {
        List<ClassFileMethods.Method> methods = ClassFileMethods.of(classfile);
        Map<String, Hook> hooks = null;
        StringBuilder key = null;
        for (ClassFileMethods.Method method : methods) {
            if (!canHook(method.name(), method.access())) {
                continue;
            }
            Hook hook = selector.select(className, method.name(), method.descriptor(), method.access());
            if (hook == null) {
                continue;
            }
            if (hooks == null) {
                hooks = new HashMap<>();
                key = new StringBuilder();
            }
            String signature = method.name() + method.descriptor();
            hooks.put(signature, hook);
            key.append(keyOf(signature, hook));
        }
        return hooks == null ? null : new HookPlan(hooks, key.toString());
    }

    /** Whether a method can take a hook at all: constructors' {@code this} is uninitialized before {@code super()}. */
    public static boolean canHook(String methodName, int access) {
        return (access & (ACC_ABSTRACT | ACC_NATIVE)) == 0
                && !methodName.equals("<init>") && !methodName.equals("<clinit>");
    }

    /** One hooked method's part of a {@link #key}: {@code name+descriptor=KIND:id;}. */
    static String keyOf(String signature, Hook hook) {
        return signature + '=' + hook.kind().name() + ':' + hook.id() + ';';
    }

    /** The planned hooks, one {@code name+descriptor=KIND:id;} per hooked method in declaration order. */
    String key() {
        return key;
    }

    /** The planned hook of a method; the rewrite asks this instead of the original selector. */
    @Override
    public Hook select(String internalClassName, String methodName, String descriptor, int access) {
        return hooks.get(methodName + descriptor);
    }
}
