package dev.gatsbytelemetry.agent.environment;

/**
 * Whether this JVM is creating a class-data archive (CDS, or JDK 24+'s AOT cache) rather than
 * running the tool for a user. Such a JVM is a maintainer's build step: its runs are not usage, and
 * the agent's retransformation of {@code java.lang.Thread} breaks the archive. On JDK 25 a training
 * run with {@code -XX:AOTCacheOutput} and the agent crashed the JVM while writing the cache
 * ({@code SIGSEGV in SystemDictionaryShared::serialize_vm_classes}: a redefined VM class), and the
 * assembly step runs as a child JVM with {@code -XX:AOTMode=create} in {@code JAVA_TOOL_OPTIONS}.
 */
public final class ArchiveCreation {

    private static final String[] CREATING = {
        "-XX:AOTCacheOutput=", "-XX:AOTMode=record", "-XX:AOTMode=create", "-XX:ArchiveClassesAtExit=",
        "-Xshare:dump", "-XX:DumpLoadedClassList="
    };

    private ArchiveCreation() {
    }

    /** The JVM option that creates an archive, or null when none is among {@code vmArguments}. */
    public static String optionIn(String[] vmArguments) {
        if (vmArguments == null) {
            return null;
        }
        for (String argument : vmArguments) {
            if (argument == null) {
                continue;
            }
            for (String option : CREATING) {
                if (argument.startsWith(option)) {
                    return option.endsWith("=") ? option.substring(0, option.length() - 1) : option;
                }
            }
        }
        return null;
    }
}
