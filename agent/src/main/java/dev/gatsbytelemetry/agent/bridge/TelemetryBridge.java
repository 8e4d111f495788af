package dev.gatsbytelemetry.agent.bridge;

/**
 * The only agent class that instrumented code calls.
 *
 * <p>The agent defines this class (and {@link Handler}) in the bootstrap loader before any hook is
 * installed ({@code bootstrap.BridgeInjector}), so every class loader can link against it: the app's
 * loader, a ClassWorlds realm, an in-memory source launcher, and {@code java.base} itself. Its
 * signatures therefore use JDK types only, and it holds the agent's single piece of static mutable
 * state: the volatile {@link Handler}. While no handler is set every hook is a no-op.
 *
 * <p>Every entry point catches {@link Throwable}: instrumented code must never see an exception
 * that it would not have thrown without the agent.
 */
public final class TelemetryBridge {

    /** What the agent does with a hook call. Implementations may throw; the bridge swallows it. */
    public interface Handler {
        void commandEnter(int entryPointId, Object[] arguments);

        void commandExit(int entryPointId);

        void commandThrow(int entryPointId, Throwable thrown);

        void stageEnter(int stageId);

        void stageExit(int stageId);

        void stageThrow(int stageId, Throwable thrown);

        void uncaughtException(Thread thread, Throwable thrown);

        void exitRequested(int status);

        void processStarting(ProcessBuilder builder);

        /** A named framework method was entered; {@code self} is null for a static method. */
        void observeEnter(int observeId, Object self, Object[] arguments);

        /** It is returning {@code returned} (boxed; null for void). */
        void observeExit(int observeId, Object returned);

        /** It is ending by throwing. */
        void observeThrow(int observeId, Throwable thrown);
    }

    private static volatile Handler handler;

    private TelemetryBridge() {
    }

    /**
     * Installs the handler once per JVM.
     *
     * @return {@code false} if a handler was already installed (the agent was given twice)
     */
    public static synchronized boolean install(Handler newHandler) {
        if (handler != null) {
            return false;
        }
        handler = newHandler;
        return true;
    }

    /** Whether some copy of the agent already installed a handler in this JVM. */
    public static boolean isInstalled() {
        return handler != null;
    }

    public static void commandEnter(int entryPointId, Object[] arguments) {
        Handler h = handler;
        if (h != null) {
            try {
                h.commandEnter(entryPointId, arguments);
            } catch (Throwable ignored) {
                // never into the host
            }
        }
    }

    public static void commandExit(int entryPointId) {
        Handler h = handler;
        if (h != null) {
            try {
                h.commandExit(entryPointId);
            } catch (Throwable ignored) {
                // never into the host
            }
        }
    }

    public static void commandThrow(Throwable thrown, int entryPointId) {
        Handler h = handler;
        if (h != null) {
            try {
                h.commandThrow(entryPointId, thrown);
            } catch (Throwable ignored) {
                // never into the host
            }
        }
    }

    public static void stageEnter(int stageId) {
        Handler h = handler;
        if (h != null) {
            try {
                h.stageEnter(stageId);
            } catch (Throwable ignored) {
                // never into the host
            }
        }
    }

    public static void stageExit(int stageId) {
        Handler h = handler;
        if (h != null) {
            try {
                h.stageExit(stageId);
            } catch (Throwable ignored) {
                // never into the host
            }
        }
    }

    /** Argument order matches the operand stack in the inlined handler: the throwable is already there. */
    public static void stageThrow(Throwable thrown, int stageId) {
        Handler h = handler;
        if (h != null) {
            try {
                h.stageThrow(stageId, thrown);
            } catch (Throwable ignored) {
                // never into the host
            }
        }
    }

    public static void uncaughtException(Thread thread, Throwable thrown) {
        Handler h = handler;
        if (h != null) {
            try {
                h.uncaughtException(thread, thrown);
            } catch (Throwable ignored) {
                // never into the host
            }
        }
    }

    public static void exitRequested(int status) {
        Handler h = handler;
        if (h != null) {
            try {
                h.exitRequested(status);
            } catch (Throwable ignored) {
                // never into the host
            }
        }
    }

    public static void processStarting(ProcessBuilder builder) {
        Handler h = handler;
        if (h != null) {
            try {
                h.processStarting(builder);
            } catch (Throwable ignored) {
                // never into the host
            }
        }
    }

    public static void observeEnter(int observeId, Object self, Object[] arguments) {
        Handler h = handler;
        if (h != null) {
            try {
                h.observeEnter(observeId, self, arguments);
            } catch (Throwable ignored) {
                // never into the host
            }
        }
    }

    /** Argument order matches the operand stack before a return: the (boxed) value is already there. */
    public static void observeExit(Object returned, int observeId) {
        Handler h = handler;
        if (h != null) {
            try {
                h.observeExit(observeId, returned);
            } catch (Throwable ignored) {
                // never into the host
            }
        }
    }

    public static void observeThrow(Throwable thrown, int observeId) {
        Handler h = handler;
        if (h != null) {
            try {
                h.observeThrow(observeId, thrown);
            } catch (Throwable ignored) {
                // never into the host
            }
        }
    }
}
