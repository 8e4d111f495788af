package dev.gatsbytelemetry.agent.recorder;

import dev.gatsbytelemetry.agent.bridge.TelemetryBridge;
import dev.gatsbytelemetry.agent.event.EventTypes;
import dev.gatsbytelemetry.agent.identity.SessionIds;
import dev.gatsbytelemetry.agent.instrumentation.HookRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns hook calls into recorded events: the bridge's handler.
 *
 * <p>Implementation notes. Everything here runs on the application's threads, inside its methods,
 * so it does as little as possible: stage calls touch a thread-local stack and striped counters and
 * nothing else (no allocation, no lock, usually no clock read: see {@link ThreadStageStack}); command
 * and error hooks capture facts and hand a {@link RecordedEvent} to the {@link EventWorker}, which
 * does the expensive part on its own thread. The end of the command is only known in the JVM's
 * shutdown hook ({@link #onShutdown}), since {@code System.exit} and signals never return to
 * {@code main}; the exit status comes from the {@code Shutdown.exit} hook. Exceptions thrown here
 * are swallowed by the bridge.
 */
public final class Recorder implements TelemetryBridge.Handler {

    private static final int NO_STATUS = Integer.MIN_VALUE;

    private final StageRegistry registry = new StageRegistry();
    private final ThreadLocal<ThreadStageStack> stacks = new ThreadLocal<>() {
        @Override
        protected ThreadStageStack initialValue() {
            return new ThreadStageStack();
        }
    };
    private final EscapedExceptions escaped = new EscapedExceptions();
    private final AtomicReference<CommandRun> command = new AtomicReference<>();
    private final AtomicInteger exitStatus = new AtomicInteger(NO_STATUS);
    private final AtomicReference<String> exitThreadName = new AtomicReference<>();
    private final Set<String> commandAllowList;
    private final Thread mainThread;
    private final String sessionId;
    private final EventWorker worker;
    private volatile boolean mainThreadDied;
    private volatile FrameworkObserver observer;

    /**
     * @param mainThread the JVM's main thread (premain runs on it): when it dies of an exception the
     *                   launcher exits with status 1
     */
    public Recorder(Set<String> commandAllowList, Thread mainThread, String sessionId, EventWorker worker) {
        this.sessionId = sessionId;
        this.commandAllowList = Set.copyOf(commandAllowList);
        this.mainThread = mainThread;
        this.worker = worker;
    }

    /** Where the instrumentation gets its hook ids. */
    public HookRegistry hookRegistry() {
        return registry;
    }

    @Override
    public void commandEnter(int entryPointId, Object[] arguments) {
        Thread current = Thread.currentThread();
        CommandRun run = command.get();
        if (run != null) {
            if (run.isOwnedBy(current)) {
                run.entered();
            }
            return;
        }
        String name = CommandNames.fromArguments(arguments, commandAllowList);
        CommandRun started = new CommandRun(name, System.currentTimeMillis(), System.nanoTime(), current);
        if (command.compareAndSet(null, started)) {
            worker.submit(new RecordedEvent(EventTypes.commandStarted(name), started.startMillis(), name,
                    Map.of(), null));
            worker.submit(new RecordedEvent(EventTypes.METADATA, started.startMillis(), name, Map.of(), null));
        }
    }

    @Override
    public void commandExit(int entryPointId) {
        CommandRun run = command.get();
        if (run != null && run.isOwnedBy(Thread.currentThread())) {
            run.left();
        }
    }

    @Override
    public void commandThrow(int entryPointId, Throwable thrown) {
        commandExit(entryPointId);
    }

    @Override
    public void stageEnter(int stageId) {
        StageStatistics stage = registry.stage(stageId);
        if (stage == null) {
            return;
        }
        stage.called();
        ThreadStageStack stack = stacks.get();
        stack.push(stack.shouldTime(stageId) ? System.nanoTime() : ThreadStageStack.NOT_TIMED);
    }

    @Override
    public void stageExit(int stageId) {
        StageStatistics stage = registry.stage(stageId);
        if (stage == null) {
            return;
        }
        long start = stacks.get().pop();
        if (start != ThreadStageStack.NOT_TIMED) {
            stage.timed(System.nanoTime() - start);
        }
    }

    @Override
    public void stageThrow(int stageId, Throwable thrown) {
        StageStatistics stage = registry.stage(stageId);
        if (stage == null) {
            return;
        }
        stageExit(stageId);
        stage.failed();
        escaped.escaped(thrown, stage.name());
    }

    @Override
    public void uncaughtException(Thread thread, Throwable thrown) {
        if (thread == mainThread) {
            mainThreadDied = true;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("errorKind", EventTypes.UNCAUGHT_EXCEPTION);
        fields.put("exceptionType", thrown == null ? null : thrown.getClass().getName());
        fields.put("stage", thrown == null ? null : escaped.stageOf(thrown));
        fields.put("mainThread", thread == mainThread);
        worker.submit(new RecordedEvent(EventTypes.error(EventTypes.UNCAUGHT_EXCEPTION), System.currentTimeMillis(),
                commandName(), fields, thrown));
    }

    @Override
    public void exitRequested(int status) {
        if (exitStatus.compareAndSet(NO_STATUS, status)) {
            exitThreadName.set(Thread.currentThread().getName());
        }
    }

    @Override
    public void processStarting(ProcessBuilder builder) {
        builder.environment().putIfAbsent(SessionIds.ENV_VAR, sessionId);
    }

    /** Where {@code OBSERVE} hook calls go; set once, before the transformer is registered. */
    public void observeWith(FrameworkObserver frameworkObserver) {
        this.observer = frameworkObserver;
    }

    @Override
    public void observeEnter(int observeId, Object self, Object[] arguments) {
        FrameworkObserver o = observer;
        if (o != null) {
            o.enter(observeId, self, arguments);
        }
    }

    @Override
    public void observeExit(int observeId, Object returned) {
        FrameworkObserver o = observer;
        if (o != null) {
            o.exit(observeId, returned);
        }
    }

    @Override
    public void observeThrow(int observeId, Throwable thrown) {
        FrameworkObserver o = observer;
        if (o != null) {
            o.thrown(observeId, thrown);
        }
    }

    /**
     * Records the end of the command and drains every pending event. Runs in the JVM's shutdown hook;
     * returns within the worker's deadline whatever happens.
     */
    public void onShutdown() {
        try {
            CommandRun run = command.get();
            if (run != null) {
                worker.submit(endEvent(run));
            }
        } catch (Throwable ignored) {
            // the remaining events still deserve a flush
        }
        worker.closeAndDrain();
    }

    private RecordedEvent endEvent(CommandRun run) {
        int status = exitStatus.get();
        int exitCode;
        String exitReason;
        if (status != NO_STATUS) {
            exitCode = status;
            String thread = exitThreadName.get();
            exitReason = thread != null && thread.startsWith("SIG") && thread.endsWith(" handler") ? "signal" : "exit";
        } else if (mainThreadDied) {
            exitCode = 1;
            exitReason = "exception";
        } else {
            exitCode = 0;
            exitReason = "return";
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("exitCode", exitCode);
        fields.put("exitReason", exitReason);
        fields.put("duration", (System.nanoTime() - run.startNanos()) / 1_000_000);
        fields.put("stages", registry.snapshot());
        return new RecordedEvent(EventTypes.commandEnded(run.name()), System.currentTimeMillis(), run.name(),
                fields, null);
    }

    private String commandName() {
        CommandRun run = command.get();
        return run == null ? null : run.name();
    }
}
