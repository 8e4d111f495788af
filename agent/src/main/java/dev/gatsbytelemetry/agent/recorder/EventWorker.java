package dev.gatsbytelemetry.agent.recorder;

import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.event.TelemetryEvent;
import dev.gatsbytelemetry.agent.sender.EventSink;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Moves recorded events off the application's threads: completes them and hands them to the sinks.
 *
 * <p>Implementation notes. One daemon thread, started by the first event (never in premain), takes
 * events from a bounded queue, always under one lock; when the queue is full an event is dropped and counted rather than
 * blocking the app. At JVM exit {@link #closeAndDrain} completes whatever is left on the calling
 * (shutdown hook) thread, taking turns with the worker through that lock so each event is handled
 * once and in order, and gives up at a deadline; then the sinks flush within their own budgets.
 * After each event, and at exit with what is left of the budget, the thread runs its
 * {@link BackgroundTask}s (and again, in slices, between events while one has work left), never two
 * threads at once: at exit they run once the recorder thread has left the task it is in (each task
 * stops at its next step when the exit begins), within the exit budget.
 *
 * <p>Order at exit (docs/architecture.md, "Exit: the end of a run is recorded first"): the sinks
 * hear that the exit begins and stop optional background work; the end
 * event is kept first, durably and cheaply ({@link #keepFirst}); then the queued error events are
 * completed before anything else; then the rest in order; then the sinks flush. Error events that do not fit in the budget are
 * counted as lost ({@code droppedEvents} of a later run), never silently gone.
 */
public final class EventWorker {

    private static final int CAPACITY = 1024;
    private static final long PRINTED_ERROR_WAIT_MILLIS = 1_000;
    private static final long BACKGROUND_TASK_BUDGET_MILLIS = 1_000;
    /** How long the idle recorder thread waits for an event before it looks at {@code closed} again. */
    private static final long IDLE_WAIT_MILLIS = 500;

    private final EventFactory factory;
    private final List<EventSink> sinks;
    private final List<BackgroundTask> tasks;
    private final AgentLog log;
    private final long drainBudgetMillis;
    private final ArrayBlockingQueue<RecordedEvent> queue = new ArrayBlockingQueue<>(CAPACITY);

    private final ReentrantLock processing = new ReentrantLock();
    /**
     * Held while background tasks run, so that the exit's turn never runs a task the recorder thread
     * is still in (tasks are not written for two threads).
     */
    private final ReentrantLock runningTasks = new ReentrantLock();
    /** When the exit budget ends ({@link System#nanoTime()}; 0: exit not begun); guarded by {@code this}. */
    private long exitDeadlineNanos;
    /** When the exit began, and how long keeping its records took (debug output); shutdown hook only. */
    private long exitBegunNanos;
    private long keptNanos;
    /** The event being completed, for {@link #keepFirst}. */
    private volatile RecordedEvent inFlight;
    /**
     * Events queued and not yet taken by the recorder thread; guarded by itself. A monitor and a
     * count, not a {@code Semaphore}: a timed wait on a {@code java.util.concurrent} lock allocates a
     * queue node, so the idle thread, waking every {@value #IDLE_WAIT_MILLIS} ms, took a new TLAB
     * (100-200 KB of the young generation) after every GC of the application's; this wait allocates
     * nothing (BENCHMARKS.md, "Memory on real tools").
     */
    private final Object available = new Object();
    private int availableCount;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private final AtomicLong submitted = new AtomicLong();
    private final Object handledMonitor = new Object();
    private long handled;
    private final boolean awaitPrintedErrors;

    /**
     * @param drainBudgetMillis how long the shutdown hook may spend completing queued events
     */
    public EventWorker(EventFactory factory, List<EventSink> sinks, AgentLog log, long drainBudgetMillis) {
        this(factory, sinks, List.of(), log, drainBudgetMillis, false);
    }

    /**
     * @param tasks              work for the recorder's thread besides events (see {@link BackgroundTask})
     * @param awaitPrintedErrors whether {@link #submitError} waits for its event to be handled (debug
     *                           and verbose modes, where a person reads events among the app's output)
     */
    public EventWorker(EventFactory factory, List<EventSink> sinks, List<BackgroundTask> tasks, AgentLog log,
                       long drainBudgetMillis, boolean awaitPrintedErrors) {
        this.awaitPrintedErrors = awaitPrintedErrors;
        this.factory = factory;
        this.sinks = List.copyOf(sinks);
        this.tasks = List.copyOf(tasks);
        this.log = log;
        this.drainBudgetMillis = drainBudgetMillis;
    }

    void submit(RecordedEvent event) {
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
            return;
        }
        submitted.incrementAndGet();
        synchronized (available) {
            availableCount++;
            available.notify();
        }
        if (!closed && started.compareAndSet(false, true)) {
            Thread thread = new Thread(new Runnable() {
                @Override
                public void run() {
                    EventWorker.this.run();
                }
            }, "gatsby-telemetry-recorder");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Submits an error event and, when events are printed for a person to read, waits (at most
     * {@value #PRINTED_ERROR_WAIT_MILLIS} ms) until it has been handled. The thread calling this is
     * dying of that error; waiting lets the event line come out before the JVM prints the stack
     * trace, instead of in the middle of its {@code Exception in thread ...} line.
     */
    void submitError(RecordedEvent event) {
        submit(event);
        if (!awaitPrintedErrors) {
            return;
        }
        long target = submitted.get();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PRINTED_ERROR_WAIT_MILLIS);
        synchronized (handledMonitor) {
            while (handled < target && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(handledMonitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Events dropped because the queue was full. */
    long droppedEvents() {
        return dropped.get();
    }

    private void run() {
        try {
            boolean tasksWantMore = false;
            while (!closed) {
                // events first; a task with work left gets its next slice when none is waiting
                if (takeAvailable(tasksWantMore ? 0 : IDLE_WAIT_MILLIS)) {
                    processing.lock();
                    try {
                        RecordedEvent event = queue.poll();
                        if (event != null) {
                            handle(event);
                        }
                    } finally {
                        processing.unlock();
                    }
                } else if (!tasksWantMore) {
                    continue;
                }
                if (closed) {
                    break;
                }
                runTasksWithin(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BACKGROUND_TASK_BUDGET_MILLIS));
                tasksWantMore = tasksWantMore();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.debug("recorder thread stopped: " + t);
        }
    }

    /** Waits up to {@code millis} for a queued event and counts it as taken; false if none came. */
    private boolean takeAvailable(long millis) throws InterruptedException {
        synchronized (available) {
            if (availableCount == 0 && millis > 0) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
                for (long left = TimeUnit.MILLISECONDS.toNanos(millis); availableCount == 0 && left > 0;
                        left = deadline - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(available, left);
                }
            }
            if (availableCount == 0) {
                return false;
            }
            availableCount--;
            return true;
        }
    }

    /**
     * Completes every queued event within the drain budget, then lets each sink flush. Events are
     * only ever taken from the queue under {@link #processing}, so once this sees the queue empty
     * under the lock, no event is still in the worker's hands.
     */
    void closeAndDrain() {
        closed = true;
        long drainStart = System.nanoTime();
        // One budget for all exit work: the records kept first, completing the last events, then
        // the sinks' flush.
        long deadline = beginExit();
        long exitDeadline = deadline;
        // an unfinished check of the command word may use half the budget; the rest is the sinks'
        factory.finishCommandBy(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainBudgetMillis) / 2);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !processing.tryLock(left, TimeUnit.NANOSECONDS)) {
                    log.debug("exit drain budget spent; " + queue.size() + " event(s) not completed, "
                            + errorsQueued() + " of them errors kept for a later run");
                    break;
                }
                try {
                    RecordedEvent event = nextAtExit();
                    if (event == null) {
                        break;
                    }
                    handle(event);
                } finally {
                    processing.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long flushStart = System.nanoTime();
        for (EventSink sink : sinks) {
            try {
                sink.flushAtExit(exitDeadline);
            } catch (Throwable t) {
                log.debug("sink flush failed: " + t);
            }
        }
        long tasksStart = System.nanoTime();
        runTasksWithin(exitDeadline);
        if (log.isDebug()) {
            long end = System.nanoTime();
            long begun = exitBegunNanos != 0 ? exitBegunNanos : drainStart;
            log.debug("exit work took " + (end - begun) / 1000 + " us: records kept first " + keptNanos / 1000
                    + " us, events completed " + (flushStart - drainStart) / 1000 + " us, sinks flushed "
                    + (tasksStart - flushStart) / 1000 + " us, tasks " + (end - tasksStart) / 1000 + " us");
        }
    }

    /**
     * First thing at exit: hands the sinks a durable record of the end event and of every error event
     * not completed yet, made of facts only this process knows and no host string, so that a later
     * run can complete them if this exit's budget runs out (an error event completed later has its
     * type, kind, stage and fingerprint, but no message or stack: those need this process's
     * sanitizer). Cheap: no sanitizer, no context collection, one small file per event.
     */
    void keepFirst(RecordedEvent end) {
        beginExit();
        long start = System.nanoTime();
        try {
            keepFirstUntimed(end);
        } finally {
            keptNanos = System.nanoTime() - start;
        }
    }

    private void keepFirstUntimed(RecordedEvent end) {
        keep(end);
        RecordedEvent current = inFlight;
        if (current != null && current.error() != null) {
            keep(current); // the recorder thread may not finish it in time; if it does, the record goes
        }
        for (RecordedEvent event : queue) {
            if (event.error() != null) {
                keep(event);
            }
        }
    }

    private void keep(RecordedEvent event) {
        if (event.eventId() == null || !anySinkKeepsPending()) {
            return;
        }
        String[] parts;
        try {
            parts = factory.pendingParts(event);
        } catch (Throwable t) {
            log.debug("cannot keep an event first: " + t);
            return;
        }
        for (EventSink sink : sinks) {
            try {
                sink.keepPending(event.eventId(), parts[0], parts[1], parts[2]);
            } catch (Throwable t) {
                log.debug("sink cannot keep a pending event: " + t);
            }
        }
    }

    private boolean anySinkKeepsPending() {
        for (EventSink sink : sinks) {
            try {
                if (sink.keepsPending()) {
                    return true;
                }
            } catch (Throwable t) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts the exit budget, once: at the first exit step, whichever it is, and tells the sinks to
     * stop optional background work ({@link EventSink#exitBegins}). Returns its deadline.
     */
    private long beginExit() {
        synchronized (this) {
            if (exitDeadlineNanos != 0) {
                return exitDeadlineNanos;
            }
            exitBegunNanos = System.nanoTime();
            exitDeadlineNanos = (exitBegunNanos + TimeUnit.MILLISECONDS.toNanos(drainBudgetMillis)) | 1;
        }
        for (EventSink sink : sinks) {
            try {
                sink.exitBegins();
            } catch (Throwable t) {
                log.debug("sink failed at exit: " + t);
            }
        }
        synchronized (this) {
            return exitDeadlineNanos;
        }
    }

    /**
     * At exit, error events first: they cost the most to lose (the end event is already kept), and
     * the per-run cap bounds them. During the run the queue is taken in order, so a person reading
     * debug output sees the start event before the errors.
     */
    private RecordedEvent nextAtExit() {
        for (RecordedEvent event : queue) {
            if (event.error() != null && queue.remove(event)) {
                return event;
            }
        }
        return queue.poll();
    }

    private int errorsQueued() {
        int n = 0;
        for (RecordedEvent event : queue) {
            if (event.error() != null) {
                n++;
            }
        }
        return n;
    }

    private boolean tasksWantMore() {
        for (BackgroundTask task : tasks) {
            try {
                if (task.hasMore()) {
                    return true;
                }
            } catch (Throwable t) {
                log.debug("background task failed: " + t);
            }
        }
        return false;
    }

    /**
     * Runs the tasks once the other thread has left them, within the deadline. At exit this waits for
     * a task the recorder thread is in: every task stops at its next step once the exit has begun, and
     * skipping them would lose what only the exit writes (a hooked-class cache entry queued late was
     * lost this way, HookedClassCacheIT). During the run only the recorder thread runs them.
     */
    private void runTasksWithin(long deadlineNanos) {
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || !runningTasks.tryLock(left, TimeUnit.NANOSECONDS)) {
                log.debug("deadline passed before the other thread left the background tasks; skipped");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            runTasks(deadlineNanos);
        } finally {
            runningTasks.unlock();
        }
    }

    private void runTasks(long deadlineNanos) {
        for (BackgroundTask task : tasks) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return;
            }
            try {
                task.run(deadlineNanos);
            } catch (Throwable t) {
                log.debug("background task failed: " + t);
            }
        }
    }

    private void handle(RecordedEvent recorded) {
        inFlight = recorded;
        try {
            complete(recorded);
        } finally {
            inFlight = null;
            synchronized (handledMonitor) {
                handled++;
                handledMonitor.notifyAll();
            }
        }
    }

    private void complete(RecordedEvent recorded) {
        TelemetryEvent event;
        try {
            event = factory.complete(recorded);
        } catch (Throwable t) {
            log.debug("dropping an event that could not be completed: " + t);
            return;
        }
        for (EventSink sink : sinks) {
            try {
                sink.accept(event);
            } catch (Throwable t) {
                log.debug("sink failed: " + t);
            }
        }
    }
}
