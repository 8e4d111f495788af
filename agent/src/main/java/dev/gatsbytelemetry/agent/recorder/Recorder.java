package dev.gatsbytelemetry.agent.recorder;

import dev.gatsbytelemetry.agent.bridge.TelemetryBridge;
import dev.gatsbytelemetry.agent.event.EventTypes;
import dev.gatsbytelemetry.agent.identity.SessionIds;
import dev.gatsbytelemetry.agent.instrumentation.HookRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
public final class Recorder implements TelemetryBridge.Handler, FrameworkEvents {

    private static final int NO_STATUS = Integer.MIN_VALUE;
    private static final int MAX_FLAGS = 64;
    private static final int MAX_PLUGINS = 100;

    private final StageRegistry registry = new StageRegistry();
    private final ThreadLocal<ThreadStageStack> stacks = new ThreadLocal<>();

    /** This thread's value, made at first use: an {@code initialValue()} subclass would be one more class to load before {@code main}. */
    private ThreadStageStack stageStack() {
        ThreadStageStack value = stacks.get();
        if (value == null) {
            value = new ThreadStageStack();
            stacks.set(value);
        }
        return value;
    }
    /*
     * The error bookkeeping is made at the first error, not in premain: most runs have none, and each
     * class loaded before main costs the main thread ~0.3 ms (docs/architecture.md, "Startup").
     * All three are made together, once, under errorStateLock (makeErrorState), and read through
     * their accessors.
     */
    private final Object errorStateLock = new Object();
    private volatile EscapedExceptions escaped;
    private volatile ErrorBudget errorBudget;
    private volatile CaughtErrors caught;
    private final AtomicReference<CommandRun> command = new AtomicReference<>();
    private final AtomicInteger exitStatus = new AtomicInteger(NO_STATUS);
    private final AtomicReference<String> exitThreadName = new AtomicReference<>();
    private final Set<String> commandAllowList;
    private final Thread mainThread;
    private final String sessionId;
    private final EventWorker worker;
    private volatile boolean mainThreadDied;
    private volatile FrameworkObserver observer;
    /** Whether a framework integration may name the command, so the start event waits for it. */
    private volatile boolean deferStart;
    /** Guarded by {@code this}. */
    private boolean startSubmitted;
    private final AtomicLong frameworkNanos = new AtomicLong(-1);
    private final AtomicInteger frameworkExitCode = new AtomicInteger(NO_STATUS);
    private volatile String outcome;
    /** Guarded by itself. */
    private final Set<String> flags = new LinkedHashSet<>();
    private volatile boolean flagsReported;
    /** Guarded by itself. */
    private final Set<String> plugins = new LinkedHashSet<>();
    private volatile Heartbeat heartbeat;
    private volatile boolean exiting;

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

    /**
     * Sends a heartbeat every {@code seconds} while the command runs (0: never, and no thread). Call
     * from the recorder's thread, after the first event; later calls do nothing.
     */
    public void startHeartbeats(int seconds) {
        if (exiting) {
            return;
        }
        if (heartbeat == null && seconds > 0) {
            synchronized (this) {
                if (heartbeat == null) {
                    heartbeat = new Heartbeat(this, seconds * 1000L);
                }
            }
        }
        Heartbeat h = heartbeat;
        if (h != null) {
            h.start();
        }
    }

    /** Records {@code CLI_COMMAND_<CMD>_HEARTBEAT}: the time so far and the stage statistics so far (cumulative). */
    void heartbeat() {
        CommandRun run = command.get();
        synchronized (this) {
            if (run == null || !startSubmitted) {
                return;
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("duration", (System.nanoTime() - run.startNanos()) / 1_000_000);
        fields.put("stages", registry.snapshot());
        worker.submit(RecordedEvent.commandHeartbeat(run.name(), System.currentTimeMillis(), fields));
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
        String entryPoint = registry.entryPointDescription(entryPointId);
        int hash = entryPoint == null ? -1 : entryPoint.indexOf('#');
        // the words are checked later on the recorder's thread; here only the facts it needs
        CommandName name = CommandNames.fromArguments(arguments, commandAllowList,
                hash < 0 ? null : entryPoint.substring(0, hash), current.getContextClassLoader());
        CommandRun started = new CommandRun(name, System.currentTimeMillis(), System.nanoTime(), current);
        if (command.compareAndSet(null, started) && !deferStart) {
            submitStart(started);
        }
    }

    /**
     * Sends the start event once, with the run's name at that moment. The metadata event is sent at the
     * end, when the plugins the run loaded are known.
     */
    private synchronized void submitStart(CommandRun run) {
        if (startSubmitted) {
            return;
        }
        startSubmitted = true;
        worker.submit(RecordedEvent.commandStarted(run.name(), run.startMillis()));
    }

    private void ensureStarted() {
        CommandRun run = command.get();
        if (run != null) {
            submitStart(run);
        }
    }

    /**
     * A framework integration may name the command (picocli, Maven are on the class path): hold the
     * start event back until it does, or until the entry point returns, or until the JVM exits; and
     * send the metadata event at the end, when the plugins the run used are known. Call before any
     * hook can fire. Apps without such a framework never call this and keep the immediate start event.
     */
    public void deferCommandStart() {
        deferStart = true;
    }

    @Override
    public void commandExit(int entryPointId) {
        CommandRun run = command.get();
        if (run != null && run.isOwnedBy(Thread.currentThread()) && run.left() && deferStart) {
            submitStart(run);
        }
    }

    @Override
    public void commandThrow(int entryPointId, Throwable thrown) {
        commandExit(entryPointId);
        caught().escaped(thrown, Thread.currentThread() == mainThread);
    }

    @Override
    public void stageEnter(int stageId) {
        StageStatistics stage = registry.stage(stageId);
        if (stage == null) {
            return;
        }
        ThreadStageStack stack = stageStack();
        if (stack.enter(stageId)) {
            stage.called();
            stack.push(stack.shouldTime(stageId) ? System.nanoTime() : ThreadStageStack.NOT_TIMED);
        }
    }

    @Override
    public void stageExit(int stageId) {
        StageStatistics stage = registry.stage(stageId);
        if (stage != null) {
            leave(stage, stageId);
        }
    }

    /** Ends a call; whether it was the outermost active call of the stage on this thread. */
    private boolean leave(StageStatistics stage, int stageId) {
        long start = stageStack().leave(stageId);
        if (start == ThreadStageStack.NESTED) {
            return false;
        }
        if (start != ThreadStageStack.NOT_TIMED) {
            stage.timed(System.nanoTime() - start);
        }
        return true;
    }

    @Override
    public void stageThrow(int stageId, Throwable thrown) {
        StageStatistics stage = registry.stage(stageId);
        if (stage == null) {
            return;
        }
        if (leave(stage, stageId)) {
            stage.failed();
        }
        escaped().escaped(thrown, stage.name());
        caught().escaped(thrown, Thread.currentThread() == mainThread);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable thrown) {
        if (thread == mainThread) {
            mainThreadDied = true;
        }
        caught().remember(thrown);
        ensureStarted();
        if (!errorBudget().admit(thrown)) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("errorKind", EventTypes.UNCAUGHT_EXCEPTION);
        fields.put("exceptionType", thrown == null ? null : thrown.getClass().getName());
        fields.put("stage", thrown == null ? null : escaped().stageOf(thrown));
        fields.put("plugin", null);
        fields.put("mainThread", thread == mainThread);
        worker.submitError(new RecordedEvent(EventTypes.error(EventTypes.UNCAUGHT_EXCEPTION), System.currentTimeMillis(),
                commandName(), fields, thrown, SessionIds.newId()));
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

    @Override
    public synchronized void nameCommand(List<String> path) {
        if (startSubmitted) {
            return;
        }
        String name = CommandNames.fromPath(path, commandAllowList);
        CommandRun run = command.get();
        if (run == null) {
            command.compareAndSet(null, new CommandRun(CommandName.known(name), System.currentTimeMillis(), System.nanoTime(),
                    Thread.currentThread()));
            run = command.get();
        }
        run.rename(name);
        submitStart(run);
    }

    @Override
    public void commandTimed(long nanos) {
        long add = Math.max(0, nanos);
        frameworkNanos.accumulateAndGet(add, Sum.INSTANCE);
    }

    @Override
    public void commandExitCode(int exitCode) {
        frameworkExitCode.set(exitCode);
    }

    @Override
    public void outcome(String frameworkOutcome) {
        if ("success".equals(frameworkOutcome) || "failure".equals(frameworkOutcome)) {
            outcome = frameworkOutcome;
        }
    }

    @Override
    public void error(String kind, Throwable thrown) {
        caught().remember(thrown);
        ensureStarted();
        if (!errorBudget().admit(thrown)) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("errorKind", kind);
        fields.put("exceptionType", thrown == null ? null : thrown.getClass().getName());
        fields.put("stage", thrown == null ? null : escaped().stageOf(thrown));
        fields.put("plugin", null);
        fields.put("mainThread", Thread.currentThread() == mainThread);
        worker.submit(new RecordedEvent(EventTypes.error(kind), System.currentTimeMillis(), commandName(), fields,
                thrown, SessionIds.newId()));
    }

    @Override
    public void escaped(Throwable thrown, String stage) {
        if (stage != null) {
            escaped().escaped(thrown, stage);
        }
        caught().escaped(thrown, Thread.currentThread() == mainThread);
    }

    @Override
    public void shown(Throwable thrown, String reportedBy) {
        boolean onMain = Thread.currentThread() == mainThread;
        Throwable report = caught().shown(thrown, reportedBy, onMain);
        if (report != null && errorBudget().admit(report)) {
            ensureStarted();
            worker.submit(caughtError(report, reportedBy, onMain));
        }
    }

    /** A {@code CLI_ERROR_CAUGHT_EXCEPTION}, or {@code CLI_ERROR_PARAMETER_ERROR} for a command line parser's exception. */
    private RecordedEvent caughtError(Throwable thrown, String reportedBy, boolean onMainThread) {
        String kind = ParameterErrors.isParameterError(thrown) ? ParameterErrors.KIND : EventTypes.CAUGHT_EXCEPTION;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("errorKind", kind);
        fields.put("exceptionType", thrown.getClass().getName());
        fields.put("stage", escaped().stageOf(thrown));
        fields.put("plugin", null);
        fields.put("mainThread", onMainThread);
        fields.put(EventFactory.REPORTED_BY, reportedBy);
        return new RecordedEvent(EventTypes.error(kind), System.currentTimeMillis(), commandName(), fields, thrown,
                SessionIds.newId());
    }

    @Override
    public void flags(Collection<String> optionNames) {
        synchronized (flags) {
            flagsReported = true;
            for (String flag : optionNames) {
                if (flags.size() < MAX_FLAGS && isOptionName(flag)) {
                    flags.add(flag);
                }
            }
        }
    }

    /** {@code -x}, {@code --long-name}: a dash or two and a word; never a value. */
    static boolean isOptionName(String flag) {
        if (flag == null || flag.length() < 2 || flag.length() > 40 || flag.charAt(0) != '-') {
            return false;
        }
        int start = flag.charAt(1) == '-' ? 2 : 1;
        if (start >= flag.length() || !Character.isLetterOrDigit(flag.charAt(start))) {
            return false;
        }
        for (int i = start; i < flag.length(); i++) {
            char c = flag.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void stageTimed(String stageName, long nanos, boolean failed) {
        int id = registry.stageId(stageName);
        StageStatistics stage = registry.stage(id);
        if (stage == null) {
            return;
        }
        stage.called();
        stage.timed(nanos);
        if (failed) {
            stage.failed();
        }
    }

    @Override
    public void pluginUsed(String nameAtVersion) {
        synchronized (plugins) {
            if (plugins.size() < MAX_PLUGINS && nameAtVersion != null) {
                plugins.add(nameAtVersion);
            }
        }
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
        exiting = true;
        Heartbeat h = heartbeat;
        if (h != null) {
            h.stop();
        }
        try {
            CommandRun run = command.get();
            if (run != null) {
                // The caught errors a failed exit explains, first: the cap counts them, and they are
                // kept with the other errors.
                CaughtErrors caughtSoFar = caught;
                if (exitCode() != 0 && caughtSoFar != null) {
                    for (CaughtErrors.Candidate candidate : caughtSoFar.atFailedExit()) {
                        if (errorBudget().admit(candidate.thrown)) {
                            worker.submit(caughtError(candidate.thrown,
                                    candidate.reportedBy != null ? candidate.reportedBy : "exitCode", candidate.mainThread));
                        }
                    }
                }
                // Before anything optional: what only this process knows, durably (EventWorker#keepFirst):
                // the end event, and the error events not completed yet.
                RecordedEvent end = endEvent(run);
                worker.keepFirst(end);
                submitStart(run);
                // at the end, for every run: the plugins are those the run loaded
                {
                    List<String> used;
                    synchronized (plugins) {
                        used = new ArrayList<>(plugins);
                    }
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("plugins", used);
                    worker.submit(new RecordedEvent(EventTypes.METADATA, System.currentTimeMillis(), run.name(),
                            fields, null));
                }
                worker.submit(end);
            }
        } catch (Throwable ignored) {
            // the remaining events still deserve a flush
        }
        worker.closeAndDrain();
    }

    private EscapedExceptions escaped() {
        makeErrorState();
        return escaped;
    }

    private ErrorBudget errorBudget() {
        makeErrorState();
        return errorBudget;
    }

    private CaughtErrors caught() {
        makeErrorState();
        return caught;
    }

    private void makeErrorState() {
        if (caught == null) {
            synchronized (errorStateLock) {
                if (caught == null) {
                    escaped = new EscapedExceptions();
                    errorBudget = new ErrorBudget();
                    caught = new CaughtErrors(); // last: the field checked without the lock
                }
            }
        }
    }

    /** The exit code the end event will carry, as {@link #endEvent} decides it. */
    private int exitCode() {
        int status = exitStatus.get();
        if (status != NO_STATUS) {
            return status;
        }
        if (mainThreadDied) {
            return 1;
        }
        return frameworkExitCode.get() != NO_STATUS ? frameworkExitCode.get() : 0;
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
        } else if (frameworkExitCode.get() != NO_STATUS) {
            exitCode = frameworkExitCode.get();
            exitReason = "return";
        } else {
            exitCode = 0;
            exitReason = "return";
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("exitCode", exitCode);
        fields.put("exitReason", exitReason);
        long timedByFramework = frameworkNanos.get();
        fields.put("duration", (timedByFramework >= 0 ? timedByFramework : System.nanoTime() - run.startNanos())
                / 1_000_000);
        fields.put("stages", registry.snapshot());
        ErrorBudget budget = errorBudget;
        fields.put("suppressedErrors", budget == null ? 0L : budget.suppressed());
        if (flagsReported) {
            synchronized (flags) {
                fields.put("flags", new ArrayList<>(flags));
            }
        }
        if (outcome != null) {
            fields.put("outcome", outcome);
        }
        return RecordedEvent.commandEnded(run.name(), System.currentTimeMillis(), fields, SessionIds.newId());
    }

    private CommandName commandName() {
        CommandRun run = command.get();
        return run == null ? null : run.name();
    }

    /** A plain class rather than a method reference: no lambda bootstrap on the app's thread. */
    private enum Sum implements java.util.function.LongBinaryOperator {
        INSTANCE;

        @Override
        public long applyAsLong(long current, long add) {
            return current < 0 ? add : current + add;
        }
    }
}
