package dev.gatsbytelemetry.agent.recorder;

import dev.gatsbytelemetry.agent.instrumentation.HookRegistry;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The ids inlined into hooked methods and the statistics behind them. Ids are handed out while
 * classes load (rarely, under a lock); they are read on every stage call from a volatile
 * copy-on-write array, without locking.
 */
final class StageRegistry implements HookRegistry {

    static final int MAX_STAGES = 1024;

    private volatile StageStatistics[] stages = new StageStatistics[0];
    private final List<String> entryPoints = new CopyOnWriteArrayList<>();

    @Override
    public synchronized int stageId(String stageName) {
        StageStatistics[] current = stages;
        for (int i = 0; i < current.length; i++) {
            if (current[i].name().equals(stageName)) {
                return i;
            }
        }
        if (current.length >= MAX_STAGES) {
            return -1;
        }
        StageStatistics[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = new StageStatistics(stageName);
        stages = grown;
        return current.length;
    }

    @Override
    public synchronized int entryPointId(String description) {
        int index = entryPoints.indexOf(description);
        if (index >= 0) {
            return index;
        }
        entryPoints.add(description);
        return entryPoints.size() - 1;
    }

    /** What an entry point id stands for ({@code a.b.Main#main}), or {@code null} for an unknown id. */
    String entryPointDescription(int id) {
        return id >= 0 && id < entryPoints.size() ? entryPoints.get(id) : null;
    }

    /** The statistics for an id, or {@code null} for an id this registry never gave out. */
    StageStatistics stage(int id) {
        StageStatistics[] current = stages;
        return id >= 0 && id < current.length ? current[id] : null;
    }

    /** Every stage that was called at least once, by name, in the order stages were first hooked. */
    Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (StageStatistics stage : stages) {
            if (stage.calls() > 0) {
                out.put(stage.name(), stage.snapshot());
            }
        }
        return out;
    }
}
