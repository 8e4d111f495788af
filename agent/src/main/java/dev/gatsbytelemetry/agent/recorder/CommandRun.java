package dev.gatsbytelemetry.agent.recorder;

/** The one command this JVM runs: its name, when and on which thread it started. */
final class CommandRun {

    private volatile CommandName name;
    private final long startMillis;
    private final long startNanos;
    private final Thread thread;
    /** Nesting of entry-point calls on {@link #thread}; only that thread changes it. */
    private int depth = 1;

    CommandRun(CommandName name, long startMillis, long startNanos, Thread thread) {
        this.name = name;
        this.startMillis = startMillis;
        this.startNanos = startNanos;
        this.thread = thread;
    }

    CommandName name() {
        return name;
    }

    /** A framework integration knows the command better than the entry point's arguments. */
    void rename(String newName) {
        name = CommandName.known(newName);
    }

    long startMillis() {
        return startMillis;
    }

    long startNanos() {
        return startNanos;
    }

    boolean isOwnedBy(Thread t) {
        return thread == t;
    }

    void entered() {
        depth++;
    }

    /** @return whether the outermost entry point just returned or threw */
    boolean left() {
        return --depth == 0;
    }
}
