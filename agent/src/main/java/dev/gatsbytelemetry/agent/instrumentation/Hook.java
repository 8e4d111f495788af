package dev.gatsbytelemetry.agent.instrumentation;

/**
 * What is inlined into one method: a kind and the id the bridge call passes. Immutable.
 *
 * <p>Public, with its kind and id, only because the hook writer's copy on the JDK's ASM
 * ({@link JdkAsmHookWriter}) lives in another class loader, so another runtime package.
 */
public final class Hook {

    /** The kinds of hook. */
    public enum Kind {
        /** Command entry point: enter with all arguments, exit, and throw. */
        COMMAND,
        /** Build stage: enter, exit and throw with the stage id only (hot path). */
        STAGE,
        /** {@code Thread.dispatchUncaughtException}: sees every uncaught exception, whatever the handlers. */
        UNCAUGHT,
        /** {@code Shutdown.exit}: sees the status of {@code System.exit} and of signal-triggered exits. */
        EXIT,
        /** {@code ProcessBuilder.start}: lets child processes inherit the session id. */
        PROCESS_START,
        /**
         * A named framework method (picocli, Maven): enter with {@code this} and all arguments, exit
         * with the boxed return value, and throw. Integrations read the framework's own objects.
         */
        OBSERVE
    }

    private final Kind kind;
    private final int id;

    Hook(Kind kind, int id) {
        this.kind = kind;
        this.id = id;
    }

    public Kind kind() {
        return kind;
    }

    public int id() {
        return id;
    }
}
