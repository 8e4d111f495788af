package dev.gatsbytelemetry.agent.instrumentation;

/**
 * Hands out the small integer ids that inlined hooks pass to the bridge. Implemented by the
 * recorder, which keeps the statistics behind each id.
 */
public interface HookRegistry {

    /** The id of a stage name, the same for every method that carries that name; -1 when full. */
    int stageId(String stageName);

    /** The id of an entry point, described for diagnostics as {@code Class#method}. */
    int entryPointId(String description);
}
