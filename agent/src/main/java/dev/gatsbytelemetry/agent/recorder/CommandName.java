package dev.gatsbytelemetry.agent.recorder;

import java.util.List;

/**
 * The command an event belongs to: either known at once ({@code default}, {@code other}, a name from
 * a framework integration or the maintainer's allow-list), or words the user typed that may be
 * reported only once the recorder's thread has shown they cannot be private
 * ({@link CommandResolver}). Decided once, so every event of the run carries the same name.
 */
final class CommandName {

    private final String known;
    private final List<String> optionValues;
    private final String positional;
    private final String entryClass;
    private final ClassLoader loader;
    /** Written under {@code this}; read without it by {@link #decidedOrOther}. */
    private volatile String decided;

    private CommandName(String known, List<String> optionValues, String positional, String entryClass,
                        ClassLoader loader) {
        this.known = known;
        this.optionValues = optionValues;
        this.positional = positional;
        this.entryClass = entryClass;
        this.loader = loader;
    }

    static CommandName known(String name) {
        return new CommandName(name, List.of(), null, null, null);
    }

    /**
     * Words still to check, in the order they are tried.
     *
     * @param optionValues command-like words that follow an option given as a separate argument (each
     *                     may be that option's value), in order
     * @param positional   the first command-like word that follows no option, or null
     * @param entryClass   binary name of the class whose method started the command, or null
     * @param loader       a loader that sees that class (the starting thread's context loader), or null
     */
    static CommandName pending(List<String> optionValues, String positional, String entryClass, ClassLoader loader) {
        return new CommandName(null, List.copyOf(optionValues), positional, entryClass, loader);
    }

    /** The name, deciding it with {@code resolver} the first time it is asked for. */
    synchronized String resolve(CommandResolver resolver) {
        if (known != null) {
            return known;
        }
        if (decided == null) {
            String name;
            try {
                name = resolver.decide(this);
            } catch (Throwable t) {
                name = null;
            }
            decided = name == null ? CommandNames.OTHER : name;
        }
        return decided;
    }

    /** Whether the name is known or already decided, so {@link #resolve} would not check anything. */
    boolean isDecided() {
        return known != null || decided != null;
    }

    /**
     * The name if known or decided, else {@code other}; never waits for a check that is running
     * (for records kept at exit, which must not wait for the recorder's thread).
     */
    String decidedOrOther() {
        if (known != null) {
            return known;
        }
        String d = decided;
        return d == null ? CommandNames.OTHER : d;
    }

    /** The name when no check is needed; {@code null} while words are pending. */
    String knownName() {
        return known;
    }

    List<String> optionValues() {
        return optionValues;
    }

    String positional() {
        return positional;
    }

    String entryClass() {
        return entryClass;
    }

    ClassLoader loader() {
        return loader;
    }

    @Override
    public String toString() {
        return known != null ? known : "pending command";
    }
}
