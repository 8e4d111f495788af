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

    /** picocli and Maven, reporting to {@code events}. */
    public static Integrations builtIn(FrameworkEvents events) {
        List<Integration> all = new ArrayList<>();
        all.add(new PicocliIntegration(events));
        all.add(new MavenIntegration(events));
        return new Integrations(all);
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

    /** Which frameworks will probably run here (see {@link Integration#expected}); asks each one once. */
    public Expected expected(String mainClass, ClassLoader applicationLoader) {
        Set<String> awaited = new HashSet<>();
        Set<String> notExpected = new HashSet<>();
        for (Integration integration : integrations) {
            boolean expected;
            try {
                expected = integration.expected(mainClass, applicationLoader);
            } catch (Throwable ignored) {
                expected = false;
            }
            for (Integration.Target target : integration.targets()) {
                (expected ? awaited : notExpected).add(target.internalClassName);
            }
        }
        // a class two integrations share is still awaited when one of them is expected
        notExpected.removeAll(awaited);
        return new Expected(!awaited.isEmpty(), notExpected);
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
