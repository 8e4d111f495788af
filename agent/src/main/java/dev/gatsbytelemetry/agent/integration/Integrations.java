package dev.gatsbytelemetry.agent.integration;

import dev.gatsbytelemetry.agent.recorder.FrameworkEvents;
import dev.gatsbytelemetry.agent.recorder.FrameworkObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every built-in integration, behind the recorder's {@link FrameworkObserver}: hands out the observe
 * ids inlined into the framework methods and routes each hook call to its integration.
 */
public final class Integrations implements FrameworkObserver {

    private final List<Integration> integrations;
    private final Integration[] byId;
    private final int[] targetById;

    Integrations(List<Integration> integrations) {
        this.integrations = List.copyOf(integrations);
        List<Integration> owners = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (Integration integration : integrations) {
            for (int i = 0; i < integration.targets().size(); i++) {
                owners.add(integration);
                targets.add(i);
            }
        }
        byId = owners.toArray(new Integration[0]);
        targetById = new int[targets.size()];
        for (int i = 0; i < targetById.length; i++) {
            targetById[i] = targets.get(i);
        }
    }

    /** picocli, Maven, other command line parsers, and where exceptions are printed or logged, reporting to {@code events}. */
    public static Integrations builtIn(FrameworkEvents events) {
        List<Integration> all = new ArrayList<>();
        all.add(new PicocliIntegration(events));
        all.add(new MavenIntegration(events));
        all.add(new CommandLineParsersIntegration(events));
        all.add(new ErrorOutputIntegration(events));
        return new Integrations(all);
    }

    /** The observe id of {@code Throwable.printStackTrace(PrintStreamOrWriter)}, for the JDK hooks; -1 if none. */
    public int printStackTraceObserveId() {
        Map<String, Integer> methods = observedMethods().get(ErrorOutputIntegration.THROWABLE);
        Integer id = methods == null ? null
                : methods.get(ErrorOutputIntegration.PRINT_STACK_TRACE + ErrorOutputIntegration.PRINT_STACK_TRACE_DESCRIPTOR);
        return id == null ? -1 : id;
    }

    /** Internal class name, then {@code method + descriptor}, to observe id: for the hook targets. */
    public Map<String, Map<String, Integer>> observedMethods() {
        Map<String, Map<String, Integer>> out = new HashMap<>();
        int id = 0;
        for (Integration integration : integrations) {
            for (Integration.Target target : integration.targets()) {
                Map<String, Integer> methods = out.get(target.internalClassName);
                if (methods == null) {
                    methods = new HashMap<>();
                    out.put(target.internalClassName, methods);
                }
                methods.put(target.methodName + target.descriptor, id++);
            }
        }
        return out;
    }

    /**
     * Which frameworks will probably run here (see {@link Integration#expected}), asking each once,
     * and which observed classes the load-time transformer need not wait for.
     *
     * <p>The transformer removes itself once the classes it waits for have loaded, so a class
     * observed by an integration that is not expected (a logging back end, a command-line parser) would
     * go unhooked if it loaded later. So each such class is looked up now, without initialising it,
     * in the application class loader (the bootstrap loader for a JDK class): one that is there is
     * loaded, and hooked, at once; one that is not (~0.4 ms a lookup) is not waited for. Must run
     * with the transformer registered.
     */
    public Expected expected(String mainClass, ClassLoader applicationLoader) {
        boolean any = false;
        Set<String> notExpected = new HashSet<>();
        Set<String> present = new HashSet<>();
        Set<String> awaited = new HashSet<>();
        for (Integration integration : integrations) {
            boolean expected;
            try {
                expected = integration.expected(mainClass, applicationLoader);
            } catch (Throwable ignored) {
                expected = false;
            }
            any |= expected;
            for (Integration.Target target : integration.targets()) {
                String name = target.internalClassName;
                if (expected) {
                    awaited.add(name);
                } else if (!present.contains(name) && !notExpected.contains(name)) {
                    (loadable(name, applicationLoader) ? present : notExpected).add(name);
                }
            }
        }
        // a class two integrations share is still awaited when one of them is expected
        notExpected.removeAll(awaited);
        return new Expected(any, notExpected);
    }

    /** Loads (never initialises) a class if the loader can; the transformer hooks it as it loads. */
    private static boolean loadable(String internalName, ClassLoader applicationLoader) {
        boolean jdk = internalName.startsWith("java/");
        if (!jdk && applicationLoader == null) {
            return false;
        }
        ClassLoader loader = jdk ? null : applicationLoader;
        try {
            Class.forName(internalName.replace('/', '.'), false, loader);
            return true;
        } catch (Throwable notThere) {
            return false;
        }
    }

    /** What {@link #expected} found. Immutable. */
    public static final class Expected {
        private final boolean any;
        private final Set<String> classesNotExpected;

        Expected(boolean any, Set<String> classesNotExpected) {
            this.any = any;
            this.classesNotExpected = Set.copyOf(classesNotExpected);
        }

        /** Whether some framework will probably name the command. */
        public boolean any() {
            return any;
        }

        /** The observed classes (internal form) of the frameworks not expected here. */
        public Set<String> classesNotExpected() {
            return classesNotExpected;
        }
    }

    @Override
    public void enter(int observeId, Object self, Object[] arguments) {
        if (observeId >= 0 && observeId < byId.length) {
            byId[observeId].enter(targetById[observeId], self, arguments);
        }
    }

    @Override
    public void exit(int observeId, Object returned) {
        if (observeId >= 0 && observeId < byId.length) {
            byId[observeId].exit(targetById[observeId], returned);
        }
    }

    @Override
    public void thrown(int observeId, Throwable thrown) {
        if (observeId >= 0 && observeId < byId.length) {
            byId[observeId].thrown(targetById[observeId], thrown);
        }
    }
}
