package dev.gatsbytelemetry.agent.instrumentation;

import dev.gatsbytelemetry.agent.config.MethodPattern;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Which application methods get which hook: the configured stage patterns and the command entry
 * points (configured, or else the main class's {@code main(String[])}). Immutable apart from the
 * registry it hands ids out of.
 *
 * <p>{@link #mightMatch} runs for every class the JVM loads, so it is plain string work: no regular
 * expressions, no allocation.
 */
public final class HookTargets implements HookClassVisitor.MethodSelector {

    private static final String MAIN_DESCRIPTOR = "([Ljava/lang/String;)V";
    private static final String[] NEVER_INSTRUMENTED = {
        "java/", "javax/", "jdk/", "sun/", "com/sun/", "dev/gatsbytelemetry/agent/"
    };

    private final List<MethodPattern> stages;
    private final List<MethodPattern> entryPoints;
    private final String mainClass;
    private final HookRegistry registry;
    private final AgentLog log;
    /** Framework methods to observe: internal class name, then {@code name + descriptor}, to observe id. */
    private final Map<String, Map<String, Integer>> observed;
    /** A single-source-file launch with no configured entry point: asked for every class that cannot match. */
    private final boolean sourceFileLaunch;

    public HookTargets(List<MethodPattern> stages, List<MethodPattern> entryPoints, String mainClass,
                       HookRegistry registry, AgentLog log) {
        this(stages, entryPoints, mainClass, registry, log, Map.of());
    }

    /**
     * @param mainClass the main class in internal form, used when no entry point is configured; may be null
     */
    public HookTargets(List<MethodPattern> stages, List<MethodPattern> entryPoints, String mainClass,
                       HookRegistry registry, AgentLog log, Map<String, Map<String, Integer>> observed) {
        this.observed = new HashMap<>();
        for (Map.Entry<String, Map<String, Integer>> entry : observed.entrySet()) {
            this.observed.put(entry.getKey(), new HashMap<>(entry.getValue()));
        }
        this.stages = List.copyOf(stages);
        this.entryPoints = List.copyOf(entryPoints);
        this.mainClass = mainClass;
        this.registry = registry;
        this.log = log;
        this.sourceFileLaunch = isSourceLauncher(mainClass) && this.entryPoints.isEmpty();
        warnAboutProtectedPatterns();
    }

    /**
     * The class the {@code java} launcher runs a single source file with ({@code java App.java}):
     * JDK 11-21 {@code com.sun.tools.javac.launcher.Main}, JDK 22+ {@code SourceLauncher}. The
     * application's own classes are compiled in memory and defined by the launcher's
     * {@code MemoryClassLoader}, so their main class is known only when it loads.
     */
    static boolean isSourceLauncher(String internalName) {
        return "com/sun/tools/javac/launcher/Main".equals(internalName)
                || "com/sun/tools/javac/launcher/SourceLauncher".equals(internalName);
    }

    /** Whether a class comes from a source-file launch, where any {@code main(String[])} is the entry point. */
    boolean isSourceFileClass(ClassLoader loader) {
        return sourceFileLaunch && loader != null
                && loader.getClass().getName().startsWith("com.sun.tools.javac.launcher.");
    }

    /** The selector for a class of a source-file launch: its {@code main(String[])} starts the command. */
    HookClassVisitor.MethodSelector forSourceFileClass() {
        return new HookClassVisitor.MethodSelector() {
            @Override
            public Hook select(String internalClassName, String methodName, String descriptor, int access) {
                if (methodName.equals("main") && descriptor.equals(MAIN_DESCRIPTOR) && (access & Opcodes.ACC_STATIC) != 0) {
                    return entryHook(internalClassName, methodName);
                }
                return HookTargets.this.select(internalClassName, methodName, descriptor, access);
            }
        };
    }

    /**
     * A pattern aimed at JDK or agent classes is refused up front, with the same warning the
     * transformer gives: many of those classes are loaded before the agent starts, so the
     * transformer would never see them, and the maintainer would never learn why nothing was timed.
     */
    private void warnAboutProtectedPatterns() {
        List<MethodPattern> all = new java.util.ArrayList<>(stages);
        all.addAll(entryPoints);
        for (MethodPattern pattern : all) {
            String glob = pattern.classGlob().replace('.', '/');
            int star = glob.indexOf('*');
            String literalPrefix = star < 0 ? glob : glob.substring(0, star);
            if (isProtected(literalPrefix)) {
                String what = star < 0 ? pattern.classGlob() : pattern.source();
                log.warnOnce("not instrumenting " + what + ": JDK and agent classes are never instrumented");
            }
        }
    }

    /** Whether nothing can ever be hooked, so the transformer need not be registered at all. */
    public boolean isEmpty() {
        return stages.isEmpty() && entryPoints.isEmpty() && mainClass == null && observed.isEmpty();
    }

    /**
     * Every class (internal form) a hook can be put in, when all of them are named exactly: the
     * entry point's (configured, or else the main class), each stage pattern's, and each observed
     * framework class; {@code null} when a class pattern has a wildcard or the run is a source-file
     * launch, where classes to hook may appear at any time. JDK and agent classes are left out: they
     * are never hooked, so never waited for.
     */
    java.util.Set<String> exactClasses() {
        if (sourceFileLaunch) {
            return null;
        }
        java.util.Set<String> classes = new java.util.HashSet<>(observed.keySet());
        if (entryPoints.isEmpty() && mainClass != null) {
            classes.add(mainClass);
        }
        List<MethodPattern> all = new java.util.ArrayList<>(stages);
        all.addAll(entryPoints);
        for (MethodPattern pattern : all) {
            if (!pattern.isExactClass()) {
                return null;
            }
            classes.add(pattern.classGlob().replace('.', '/'));
        }
        // no method reference: premain spins no lambda classes
        for (java.util.Iterator<String> it = classes.iterator(); it.hasNext(); ) {
            if (isProtected(it.next())) {
                it.remove();
            }
        }
        return classes;
    }

    /**
     * A JDK class an integration names explicitly ({@code java.util.logging.Logger}): hooked like a
     * framework's class although JDK classes are otherwise never instrumented. Its observe hook only
     * reads the call's arguments.
     */
    boolean isObservedJdkClass(String internalName) {
        return internalName.startsWith("java/") && observed.containsKey(internalName);
    }

    /** Cheap pre-check on a class name in internal form. */
    boolean mightMatch(String internalName) {
        if (observed.containsKey(internalName)) {
            return true;
        }
        if (entryPoints.isEmpty() && internalName.equals(mainClass)) {
            return true;
        }
        for (MethodPattern pattern : stages) {
            if (pattern.matchesInternalClassName(internalName)) {
                return true;
            }
        }
        for (MethodPattern pattern : entryPoints) {
            if (pattern.matchesInternalClassName(internalName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * JDK classes and the agent's own are never hooked: their methods run inside the agent too, and
     * a hook there would recurse. A pattern that matches one is reported, not obeyed.
     */
    static boolean isProtected(String internalName) {
        for (String prefix : NEVER_INSTRUMENTED) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Observed framework methods win over entry points, and entry points over stages, on the same method. */
    @Override
    public Hook select(String internalClassName, String methodName, String descriptor, int access) {
        if ((access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) != 0) {
            return null;
        }
        Map<String, Integer> methods = observed.get(internalClassName);
        if (methods != null) {
            Integer id = methods.get(methodName + descriptor);
            if (id != null) {
                return new Hook(Hook.Kind.OBSERVE, id);
            }
        }
        if (entryPoints.isEmpty()) {
            if (internalClassName.equals(mainClass) && methodName.equals("main")
                    && descriptor.equals(MAIN_DESCRIPTOR) && (access & Opcodes.ACC_STATIC) != 0) {
                return entryHook(internalClassName, methodName);
            }
        } else {
            for (MethodPattern pattern : entryPoints) {
                if (pattern.matchesInternalClassName(internalClassName) && pattern.matchesMethod(methodName)) {
                    return entryHook(internalClassName, methodName);
                }
            }
        }
        for (MethodPattern pattern : stages) {
            if (pattern.matchesInternalClassName(internalClassName) && pattern.matchesMethod(methodName)) {
                int id = registry.stageId(pattern.nameFor(internalClassName, methodName));
                if (id < 0) {
                    log.warnOnce("too many distinct stages; not timing " + internalClassName.replace('/', '.')
                            + "#" + methodName);
                    return null;
                }
                return new Hook(Hook.Kind.STAGE, id);
            }
        }
        return null;
    }

    private Hook entryHook(String internalClassName, String methodName) {
        int id = registry.entryPointId(internalClassName.replace('/', '.') + "#" + methodName);
        return new Hook(Hook.Kind.COMMAND, id);
    }
}
