package dev.gatsbytelemetry.agent.integration;

import dev.gatsbytelemetry.agent.recorder.FrameworkEvents;
import dev.gatsbytelemetry.agent.recorder.FrameworkObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** Whether some framework will probably name the command (see {@link Integration#expected}). */
    public boolean anyExpected(String mainClass, ClassLoader applicationLoader) {
        for (Integration integration : integrations) {
            try {
                if (integration.expected(mainClass, applicationLoader)) {
                    return true;
                }
            } catch (Throwable ignored) {
                // not expected, then
            }
        }
        return false;
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
