package dev.gatsbytelemetry.agent.bridge;

/**
 * Installs one handler for the whole test JVM (the bridge takes one per JVM) that forwards to
 * whichever handler the current test sets.
 */
public final class TestBridge {

    private static volatile TelemetryBridge.Handler delegate;

    static {
        TelemetryBridge.install(new TelemetryBridge.Handler() {
            @Override
            public void commandEnter(int entryPointId, Object[] arguments) {
                delegate.commandEnter(entryPointId, arguments);
            }

            @Override
            public void commandExit(int entryPointId) {
                delegate.commandExit(entryPointId);
            }

            @Override
            public void commandThrow(int entryPointId, Throwable thrown) {
                delegate.commandThrow(entryPointId, thrown);
            }

            @Override
            public void stageEnter(int stageId) {
                delegate.stageEnter(stageId);
            }

            @Override
            public void stageExit(int stageId) {
                delegate.stageExit(stageId);
            }

            @Override
            public void stageThrow(int stageId, Throwable thrown) {
                delegate.stageThrow(stageId, thrown);
            }

            @Override
            public void uncaughtException(Thread thread, Throwable thrown) {
                delegate.uncaughtException(thread, thrown);
            }

            @Override
            public void exitRequested(int status) {
                delegate.exitRequested(status);
            }

            @Override
            public void processStarting(ProcessBuilder builder) {
                delegate.processStarting(builder);
            }

            @Override
            public void observeEnter(int observeId, Object self, Object[] arguments) {
                delegate.observeEnter(observeId, self, arguments);
            }

            @Override
            public void observeExit(int observeId, Object returned) {
                delegate.observeExit(observeId, returned);
            }

            @Override
            public void observeThrow(int observeId, Throwable thrown) {
                delegate.observeThrow(observeId, thrown);
            }
        });
    }

    private TestBridge() {
    }

    public static void use(TelemetryBridge.Handler handler) {
        delegate = handler;
    }
}
