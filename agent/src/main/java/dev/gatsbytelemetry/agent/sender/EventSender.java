package dev.gatsbytelemetry.agent.sender;

import dev.gatsbytelemetry.agent.event.JsonWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Delivers serialized telemetry events to the collector at least once, without ever making the
 * user wait for the network.
 *
 * <h2>Implementation notes</h2>
 * <ul>
 *   <li><b>Threads.</b> The constructor starts nothing and touches neither disk nor network. The first
 *       {@link #submit} starts one daemon thread, {@code gatsby-telemetry-sender}, which lingers
 *       {@link SenderSettings#lingerMillis()} to fill a batch (not for a sending run's first batch,
 *       whose request opens the connection early), writes queued events to the spool, then
 *       sends spooled batches (its own and those of earlier runs) oldest first with the background
 *       timeouts (2 s connect, 5 s read by default). {@link #flushAtExit()} runs on the caller's
 *       (shutdown hook) thread and starts one more daemon thread, {@code gatsby-telemetry-exit-flush},
 *       for the network part only. Both have an uncaught-exception handler that only logs.</li>
 *   <li><b>Deadlines.</b> Every wait is timed: queue waits, lock waits, file-lock waits, socket
 *       connect and read. {@code flushAtExit} waits for its network thread at most until
 *       {@link SenderSettings#flushTimeoutMillis()} after the call and then returns, whatever the
 *       network does (DNS, TLS and black-hole servers included: the thread is abandoned and dies with
 *       the JVM). Socket timeouts are also capped by that deadline, so an abandoned thread ends soon
 *       when the JVM does not exit.</li>
 *   <li><b>At least once.</b> Every event goes through the disk spool before it is sent: the sender
 *       thread writes a batch, claims the file, POSTs it, and deletes it only after a 2xx. The exit
 *       flush writes all remaining queued events first (local and fast), then tries the network. An
 *       in-flight batch abandoned at exit stays claimed by this (then dead) process and is reclaimed
 *       and resent by a later run; each event carries its {@code eventId} so the collector can
 *       de-duplicate that rare resend. Losses happen only by design and are counted: spool bounds,
 *       a single event the collector refuses alone (a refused batch is split in halves until
 *       then), other 4xx-refused batches, invalid or oversized events. Every batch is sent with an
 *       {@code Idempotency-Key} derived from its spool file name, the same on every attempt by any
 *       process, so a collector can drop a repeat without parsing it.</li>
 *   <li><b>Failure memory.</b> A failed delivery writes a back-off window into the spool directory;
 *       until it ends, no process of this user touches the network (neither at exit nor in the
 *       background), so an offline machine pays only for writing a small file.</li>
 *   <li><b>Send interval.</b> A run that starts within {@link SenderSettings#sendInterval()} of the
 *       last successful delivery (by any process of this user) only spools, and a later run sends
 *       what it left. A cold JVM's first HTTP request costs tens of milliseconds and its TLS stack
 *       hundreds of milliseconds of CPU, far more than recording the events; with an interval, a
 *       user who runs the tool many times pays that once per interval (BENCHMARKS.md). The decision
 *       is taken once per run, so a sending run also sends its last events at exit.</li>
 *   <li><b>Containment.</b> No public method throws; every buffer (queue by events and bytes, spool
 *       by bytes, files and age, response bodies) has a bound.</li>
 * </ul>
 */
public final class EventSender {

    static final String WORKER_THREAD_NAME = "gatsby-telemetry-sender";
    static final String EXIT_THREAD_NAME = "gatsby-telemetry-exit-flush";
    /** How long the idle sender thread sleeps between checks when it has nothing to do. */
    private static final long IDLE_WAIT_MILLIS = 60_000;
    /** Longest a background delivery round may last (each request is bounded by its timeouts too). */
    private static final long BACKGROUND_ROUND_MILLIS = 10 * 60_000L;
    /** Longest an application thread waits for the spool lock when the queue overflows. */
    private static final long CALLER_LOCK_WAIT_MILLIS = 50;
    /** Longest the sender thread waits for the spool lock (held only for local file writes). */
    private static final long BACKGROUND_LOCK_WAIT_MILLIS = 10_000;
    /** Lower bound of the lock wait at exit, so a zero budget still saves the queue. */
    private static final long MIN_EXIT_LOCK_WAIT_MILLIS = 20;

    /**
     * Stops a background delivery round when the sender closes. Anonymous classes here and below, not
     * lambdas: each lambda spins a class at first use, on the sender thread while the application
     * starts.
     */
    private final BooleanSupplier stopWhenClosing = new BooleanSupplier() {
        @Override
        public boolean getAsBoolean() {
            return closing;
        }
    };

    /** Stops completing earlier runs' records when the exit begins. */
    private final BooleanSupplier stopAtExit = new BooleanSupplier() {
        @Override
        public boolean getAsBoolean() {
            return exitBegun;
        }
    };

    private final SenderSettings settings;
    private final Clock clock;
    private final SenderLog log;
    private final boolean enabled;
    private final EventQueue queue;
    private final Spool spool;
    private final DeliveryState state;
    private final PendingRecords pending;
    private final Map<String, String> env;
    private final CollectorClient.Opener opener;
    /** Created at first use: a run that only spools never loads the HTTP client's classes. */
    private volatile CollectorClient client;
    private final ReentrantLock spoolWriteLock = new ReentrantLock();
    private final AtomicReference<Thread> worker = new AtomicReference<>();
    private volatile boolean closing;
    /** The JVM's exit has begun: completing earlier runs' records stops (see {@link #exitBegins()}). */
    private volatile boolean exitBegun;
    /** Batches were added to the spool other than from the queue (completed pending records). */
    private volatile boolean spoolChanged;
    private volatile boolean deleted;
    /** Whether this run has decided about the network, and the decision; guarded by {@code this}. */
    private boolean networkDecided;
    private boolean networkAllowed;
    /** Set by {@link #flushAtExit} when every event submitted before it is on disk. */
    private volatile boolean queueOnDiskAtExit;
    /** A spool write of this run failed (its events were counted as dropped). */
    private volatile boolean writeFailed;
    /** Set once the sender thread has loaded the HTTP (and TLS) stack; see {@link #flushAtExit(long)}. */
    private volatile boolean clientWarm;

    /**
     * @param settings configuration; a null endpoint or spool directory turns the sender off
     * @param env environment variables for proxy selection (normally {@link System#getenv()})
     * @param clock wall clock for spool ages, back-off windows and Retry-After dates
     * @param log debug-mode messages
     */
    public EventSender(SenderSettings settings, Map<String, String> env, Clock clock, SenderLog log) {
        this(settings, env, clock, log, null); // null, not CollectorClient.JDK: a quiet run never loads the client
    }

    /**
     * As above, with the way connections are opened replaced (tests: failures of remote networks);
     * null for the JDK's.
     */
    EventSender(SenderSettings settings, Map<String, String> env, Clock clock, SenderLog log,
                CollectorClient.Opener opener) {
        this.opener = opener;
        this.settings = settings == null ? SenderSettings.builder().build() : settings;
        this.clock = clock == null ? Clock.systemUTC() : clock;
        this.log = new SafeLog(log == null ? SenderLog.NONE : log);
        this.enabled = this.settings.enabled();
        this.queue = new EventQueue(this.settings.maxQueueEvents(), this.settings.maxQueueBytes());
        Path directory = this.settings.spoolDirectory();
        this.spool = directory == null ? null : new Spool(directory, this.settings, this.clock);
        this.state = directory == null ? null : new DeliveryState(directory, this.settings, this.clock);
        this.pending = directory == null ? null
                : new PendingRecords(directory, this.settings.maxSpoolAge().toMillis());
        this.env = env == null ? Map.of() : env;
    }

    /** Sender with the process environment, the system clock and no log. */
    public EventSender(SenderSettings settings) {
        this(settings, safeGetenv(), Clock.systemUTC(), SenderLog.NONE);
    }

    /**
     * Queues one event (a JSON object). If the object has no {@code eventId} member, {@code eventId}
     * is added as its first member. Invalid JSON and events larger than a batch are dropped and
     * counted. Never blocks for long: when the in-memory queue is full the calling thread writes one
     * batch to the spool. Starts the sender thread on first use.
     */
    public void submit(String eventId, String eventJson) {
        try {
            if (!enabled || deleted || eventJson == null) {
                return;
            }
            String json = withEventId(eventId, eventJson);
            if (json == null) {
                countDropped(1, "event is not a JSON object");
                return;
            }
            int bytes = BatchBuilder.utf8Length(json);
            if (BatchBuilder.singletonBytes(bytes) > settings.maxBatchBytes()) {
                countDropped(1, "event larger than a batch (" + bytes + " bytes)");
                return;
            }
            EventQueue.Pending event = new EventQueue.Pending(json, bytes);
            if (closing) {
                writeBatch(single(event)); // after the exit flush: straight to disk for the next run
                return;
            }
            if (!queue.offer(event)) {
                spillOneBatch();
                if (!queue.offer(event)) {
                    writeBatch(single(event));
                }
            }
            ensureWorker();
        } catch (Throwable t) {
            log.debug("telemetry: submit failed: " + t);
        }
    }

    /**
     * Called from the JVM shutdown hook. First writes every queued event to the spool; then, unless
     * a recent failure opened a back-off window, sends spooled batches until
     * {@link SenderSettings#flushTimeoutMillis()} after the call, and returns by then.
     */
    public void flushAtExit() {
        flushAtExit(System.nanoTime() + settings.flushTimeoutMillis() * 1_000_000L);
    }

    /**
     * As {@link #flushAtExit()}, with the deadline given: the agent's whole exit work (completing
     * the last events, then this) shares one budget.
     */
    public void flushAtExit(long deadlineNanos) {
        long start = System.nanoTime();
        long deadline = deadlineNanos;
        try {
            if (!enabled || deleted) {
                return;
            }
            closing = true;
            queue.wake();
            boolean spooled = spoolQueue(Math.max(MIN_EXIT_LOCK_WAIT_MILLIS, millisLeft(deadline)));
            queueOnDiskAtExit = spooled && !writeFailed; // a batch the sender thread failed to write is gone too
            if (!deliveringRun()) {
                return;
            }
            if (state.inWindow()) {
                log.debug("telemetry: in back-off window until epoch ms " + state.notBeforeMillis()
                        + "; events kept in the spool");
                return;
            }
            if (millisLeft(deadline) <= 0) {
                return;
            }
            if (!clientWarm && client().usesTls()) {
                // The sender thread is still initialising TLS (~250 ms of CPU cold, and ~150 ms more
                // for the handshake): no exit budget covers that, so waiting would only delay the
                // user's exit by the whole budget and fail. Keep the events and spare the next runs,
                // as a timed-out flush would; a longer run delivers them.
                log.debug("telemetry: TLS not ready at exit; events kept in the spool");
                state.recordFailure(RetryAfter.NONE);
                return;
            }
            // The sender thread stops after its current request. Waiting for it first (within the
            // budget) lets that batch be deleted instead of resent by a later run, and lets the exit
            // run reuse its kept-alive connection instead of opening a second one beside it (with
            // https, a second handshake competing for the CPU with the first).
            Thread background = worker.get();
            if (background != null && background != Thread.currentThread()) {
                joinUntil(background, deadline);
            }
            DeliveryRun run = new DeliveryRun(spool, client(), state, log);
            Thread thread = null;
            if (millisLeft(deadline) > 0) {
                thread = daemon(EXIT_THREAD_NAME, new Runnable() {
                    @Override
                    public void run() {
                        run.run(settings.exitConnectTimeoutMillis(), Integer.MAX_VALUE, deadline, new BooleanSupplier() {
                            @Override
                            public boolean getAsBoolean() {
                                return isDeleted();
                            }
                        });
                    }
                });
                thread.start();
                joinUntil(thread, deadline);
            }
            boolean unfinished = thread == null || thread.isAlive() || (background != null && background.isAlive());
            if (unfinished && millisLeft(deadline) <= 0) {
                client().abortAll(); // the budget is spent: leave no thread blocked on the network (see abortAll)
                log.debug("telemetry: exit flush budget of " + settings.flushTimeoutMillis()
                        + " ms used up; unsent batches stay in the spool");
                if (!run.deliveredAny() && !run.failureRecorded()) {
                    state.recordFailure(RetryAfter.NONE); // nothing got through in time: spare the next runs
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.debug("telemetry: exit flush failed: " + t);
        } finally {
            log.debug("telemetry: exit flush took " + (System.nanoTime() - start) / 1_000_000L + " ms");
        }
    }

    /**
     * Writes an incomplete event to the spool directory at once (see {@link PendingRecords}); the
     * caller deletes it with {@link #forgetPending} once the complete event is spooled, or a later
     * run completes it. Returns the record's path, or null when it could not be written.
     */
    public Path keepPending(String eventId, String key, String head, String tail) {
        try {
            if (!enabled || deleted || pending == null) {
                return null;
            }
            return pending.write(eventId, key, head, tail);
        } catch (Throwable t) {
            log.debug("telemetry: cannot keep a pending event: " + t);
            return null;
        }
    }

    /** Deletes a record written by {@link #keepPending} whose event is now in the spool. */
    public void forgetPending(Path record) {
        if (pending != null && record != null) {
            pending.delete(record);
        }
    }

    /**
     * The JVM's exit has begun: a completion of earlier runs' records in progress stops after the
     * record in hand, and none starts. That work is a later run's as well as this one's, and at exit
     * it would only compete with the exit path for the CPU; a record this process claimed but could
     * not finish before the JVM halted is taken back by the next run ({@link PendingRecords}).
     */
    public void exitBegins() {
        exitBegun = true;
    }

    /**
     * Completes, until the deadline, records that earlier runs kept at exit and this process can
     * complete (same tool, same place): each becomes an ordinary batch, sent like any other. Does
     * nothing once {@link #exitBegins()} was called.
     */
    public int completePending(PendingCompleter completer, long deadlineNanos) {
        try {
            if (!enabled || deleted || pending == null || exitBegun) {
                return 0;
            }
            long start = System.nanoTime();
            int completed = pending.completeOthers(spool, completer, spool.droppedCounter(), deadlineNanos,
                    stopAtExit, log);
            if (completed > 0) {
                log.debug("telemetry: completed " + completed + " event(s) earlier runs kept at exit, in "
                        + (System.nanoTime() - start) / 1_000_000L + " ms");
                spoolChanged = true;
                queue.wake();
            }
            return completed;
        } catch (Throwable t) {
            log.debug("telemetry: cannot complete pending events: " + t);
            return 0;
        }
    }

    /** How {@link #sendNow} ended. */
    public enum SendOutcome {
        /** The spool is empty: everything waiting reached the collector (or was refused for good and counted). */
        SENT_ALL,
        /** A delivery failed (the batch stays in the spool, a back-off window opens). */
        FAILED,
        /** The deadline passed with batches left. */
        TIMED_OUT,
        /** No endpoint, or the spool cannot be used. */
        NOT_CONFIGURED
    }

    /**
     * For {@code telemetry --send}, which a user runs on purpose: on the calling thread, completes the
     * records earlier runs kept at exit that need no tool's identity (those that do wait for their
     * tool, see {@link PendingCompleter}), then sends every spooled batch, oldest first, with the
     * background timeouts, until the spool is empty, a delivery fails or the deadline passes. Neither
     * the send interval nor a back-off window holds it back: the user asked now.
     */
    public SendOutcome sendNow(long deadlineNanos) {
        try {
            if (!enabled || deleted || spool == null) {
                return SendOutcome.NOT_CONFIGURED;
            }
            completePending(new PendingCompleter() {
                @Override
                public String identityMembers(String key) {
                    return null; // only the tool that wrote a keyed record knows its identity
                }
            }, deadlineNanos);
            spoolQueue(BACKGROUND_LOCK_WAIT_MILLIS);
            DeliveryRun.End end = new DeliveryRun(spool, client(), state, log).run(
                    settings.backgroundConnectTimeoutMillis(), settings.backgroundReadTimeoutMillis(), deadlineNanos,
                    new BooleanSupplier() {
                        @Override
                        public boolean getAsBoolean() {
                            return isDeleted();
                        }
                    });
            return end == DeliveryRun.End.SPOOL_EMPTY ? SendOutcome.SENT_ALL
                    : end == DeliveryRun.End.FAILED ? SendOutcome.FAILED : SendOutcome.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendOutcome.TIMED_OUT;
        } catch (Throwable t) {
            log.debug("telemetry: sending failed: " + t);
            return SendOutcome.FAILED;
        }
    }

    /** Spooled batch files (claimed ones included), for {@code telemetry --status}. */
    public int spoolFileCount() {
        try {
            return spool == null ? 0 : spool.files().size();
        } catch (Throwable t) {
            return 0;
        }
    }

    /** Incomplete events kept at exit by runs whose budget ran out, for {@code telemetry --status}. */
    public int pendingRecords() {
        try {
            return pending == null ? 0 : pending.count();
        } catch (Throwable t) {
            return 0;
        }
    }

    /** Events dropped (spool bounds, refused batches, invalid events) and not yet reported. */
    public long droppedEvents() {
        try {
            return spool == null ? 0 : spool.droppedCounter().read();
        } catch (Throwable t) {
            log.debug("telemetry: cannot read dropped count: " + t);
            return 0;
        }
    }

    /** Returns {@link #droppedEvents()} and resets it, for the {@code droppedEvents} field of a report. */
    public long takeDroppedEventsReport() {
        try {
            return spool == null ? 0 : spool.droppedCounter().take();
        } catch (Throwable t) {
            log.debug("telemetry: cannot read dropped count: " + t);
            return 0;
        }
    }

    /** Epoch millis of the last successful delivery by any process of this user; 0 when none is known. */
    public long lastDeliveryMillis() {
        try {
            return state == null ? 0 : state.lastDeliveryMillis();
        } catch (Throwable t) {
            return 0;
        }
    }

    /** Events waiting in the spool (claimed batches included), for {@code telemetry --status}. */
    public int pendingSpoolEvents() {
        try {
            return spool == null ? 0 : spool.pendingEvents();
        } catch (Throwable t) {
            return 0;
        }
    }

    /** Events waiting in memory in this process. */
    public int queuedEvents() {
        return queue.size();
    }

    /**
     * Whether {@link #flushAtExit} found every event submitted before it a place on disk (written
     * under the spool lock, no write failed): only then may the records of those events go.
     */
    public boolean queueOnDiskAtExit() {
        return queueOnDiskAtExit;
    }

    /** Spooled batch files, oldest first (each a JSON array), for {@code telemetry --preview}. */
    public List<Path> spoolFiles() {
        try {
            return spool == null ? List.of() : spool.files();
        } catch (Throwable t) {
            return List.of();
        }
    }

    /**
     * For {@code telemetry --disable}: forgets queued events, stops sending, and deletes the spool,
     * its state files and the directory (if nothing else is in it). Later submits are ignored.
     */
    public void deleteSpool() {
        deleted = true;
        closing = true;
        queue.clear();
        queue.wake();
        try {
            if (spool != null) {
                spool.deleteAll();
            }
        } catch (Throwable t) {
            log.debug("telemetry: cannot delete spool: " + t);
        }
    }

    // ---------------------------------------------------------------- background thread

    private void ensureWorker() {
        if (worker.get() != null) {
            return;
        }
        Thread thread = daemon(WORKER_THREAD_NAME, new Runnable() {
            @Override
            public void run() {
                backgroundLoop();
            }
        });
        if (worker.compareAndSet(null, thread)) {
            thread.start();
        }
    }

    private void backgroundLoop() {
        boolean spoolMayHaveWork = true; // earlier runs may have left batches
        long waitMillis = 0;
        // A sending run sends its first batch without lingering: that request opens the connection
        // (for https: the first, cold TLS handshake, ~150 ms of CPU on JDK 17) while the application
        // runs, and the exit flush reuses it instead of paying for it on the user's path.
        boolean firstBatch = warmUp();
        try {
            while (!closing) {
                boolean hasEvents = queue.awaitBatch(settings.maxBatchEvents(), settings.maxBatchBytes(),
                        firstBatch ? 0 : settings.lingerMillis(), Math.max(1, waitMillis));
                firstBatch = false;
                if (closing) {
                    return;
                }
                if (hasEvents) {
                    spoolQueue(BACKGROUND_LOCK_WAIT_MILLIS);
                    spoolMayHaveWork = true;
                }
                if (spoolChanged) {
                    spoolChanged = false;
                    spoolMayHaveWork = true;
                }
                waitMillis = IDLE_WAIT_MILLIS;
                if (!spoolMayHaveWork) {
                    continue;
                }
                if (!deliveringRun()) {
                    long untilQuietEnds = state.quietUntilMillis() - clock.millis();
                    if (untilQuietEnds > 0) {
                        waitMillis = Math.min(IDLE_WAIT_MILLIS, untilQuietEnds);
                        continue;
                    }
                    startDelivering(); // a long-running process outlived the send interval
                }
                long untilWindowEnds = state.notBeforeMillis() - clock.millis();
                if (untilWindowEnds > 0) {
                    waitMillis = Math.min(IDLE_WAIT_MILLIS, untilWindowEnds);
                    continue;
                }
                DeliveryRun.End end = new DeliveryRun(spool, client(), state, log).run(
                        settings.backgroundConnectTimeoutMillis(), settings.backgroundReadTimeoutMillis(),
                        System.nanoTime() + BACKGROUND_ROUND_MILLIS * 1_000_000L, stopWhenClosing);
                clientWarm = true; // whatever the outcome, the round loaded the HTTP and TLS classes
                spoolMayHaveWork = end != DeliveryRun.End.SPOOL_EMPTY;
                if (end == DeliveryRun.End.STOPPED) {
                    waitMillis = 1000; // a spool error or a long round: look again soon, not in a tight loop
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the local parts of the exit path once, on this daemon thread and without network, so that
     * a short-lived tool's exit flush finds its classes loaded and initialised: on a cold JVM they
     * cost about half of the 250 ms exit budget.
     *
     * @return whether this run will send now (no send interval, no back-off window in the way)
     */
    private boolean warmUp() {
        try {
            // A run that only spools (send interval) or waits out a back-off window will not touch
            // the network, neither here nor at exit: loading the delivery path, let alone the HTTP
            // and TLS stacks, would only compete with the application's startup (an https endpoint:
            // ~250 ms of CPU on JDK 17, BENCHMARKS.md). Its spool is tidied by the next sending run.
            if (!deliveringRun() || state.inWindow()) {
                return false;
            }
            spool.housekeeping();
            Spool.isBatch("[{\"eventId\":\"warm-up\"}]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            SpoolFile.parse(Path.of(SpoolFile.batchName(0, "000000-0000000000000000", 1) + ".sending-1"));
            new DeliveryRun(spool, client(), state, log).deliveredAny();
            client().warmUp();
            clientWarm = true;
            return true;
        } catch (Throwable t) {
            log.debug("telemetry: warm-up failed: " + t);
            return false;
        }
    }

    private CollectorClient client() {
        CollectorClient current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    current = new CollectorClient(settings, new ProxySelection(settings.systemProperties(), env), clock,
                            opener);
                    client = current;
                }
            }
        }
        return current;
    }

    /**
     * Whether this run uses the network. Decided once, at first need, for the whole run: a run that
     * starts within {@link SenderSettings#sendInterval()} of the last successful delivery only
     * spools, at exit too, so it never pays for a cold HTTP or TLS stack; a run that starts later
     * sends its own events and those earlier runs left behind. Only a process that outlives the
     * interval changes its mind ({@link #startDelivering()}).
     */
    private synchronized boolean deliveringRun() {
        if (!networkDecided) {
            networkDecided = true;
            long quietUntil = state.quietUntilMillis();
            networkAllowed = clock.millis() >= quietUntil;
            if (!networkAllowed) {
                log.debug("telemetry: sending at most every " + settings.sendInterval().toMinutes()
                        + " min; this run keeps its events in the spool (next delivery after epoch ms "
                        + quietUntil + ")");
            }
        }
        return networkAllowed;
    }

    private synchronized void startDelivering() {
        networkDecided = true;
        networkAllowed = true;
    }

    // ---------------------------------------------------------------- spool writing

    /**
     * Moves every queued event to the spool. Holding the lock while draining and writing means that
     * whoever gets the lock next (the exit flush) sees those events on disk.
     */
    /**
     * @return whether every event queued before the call is now on disk: the lock was had (so no other
     *         thread holds a drained batch still unwritten) and every write succeeded
     */
    private boolean spoolQueue(long lockWaitMillis) throws InterruptedException {
        boolean locked = spoolWriteLock.tryLock(lockWaitMillis, TimeUnit.MILLISECONDS);
        boolean allWritten = locked;
        try {
            boolean wrote = false;
            while (true) {
                BatchBuilder batch = queue.drainBatch(settings.maxBatchEvents(), settings.maxBatchBytes());
                if (batch.isEmpty()) {
                    break;
                }
                boolean written = writeBatch(batch);
                wrote |= written;
                allWritten &= written;
            }
            if (wrote) {
                spool.enforceBounds();
            }
        } catch (IOException e) {
            log.debug("telemetry: spool bounds not applied: " + e);
        } finally {
            if (locked) {
                spoolWriteLock.unlock();
            }
        }
        return allWritten;
    }

    /** Queue full: the calling application thread writes the oldest batch itself. */
    private void spillOneBatch() throws InterruptedException {
        boolean locked = spoolWriteLock.tryLock(CALLER_LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        try {
            writeBatch(queue.drainBatch(settings.maxBatchEvents(), settings.maxBatchBytes()));
        } finally {
            if (locked) {
                spoolWriteLock.unlock();
            }
        }
    }

    /** @return whether a file was written; a failed write counts its events as dropped */
    private boolean writeBatch(BatchBuilder batch) {
        if (batch.isEmpty() || deleted) {
            return false;
        }
        try {
            spool.write(batch.build(), batch.size());
            return true;
        } catch (IOException | RuntimeException e) {
            writeFailed = true;
            countDropped(batch.size(), "cannot write spool: " + e);
            return false;
        }
    }

    private BatchBuilder single(EventQueue.Pending event) {
        BatchBuilder batch = new BatchBuilder(1, settings.maxBatchBytes());
        batch.tryAdd(event.json(), event.bytes());
        return batch;
    }

    private void countDropped(long events, String why) {
        log.debug("telemetry: dropped " + events + " event(s): " + why);
        try {
            spool.droppedCounter().add(events);
        } catch (IOException | RuntimeException e) {
            log.debug("telemetry: cannot count dropped events: " + e);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The event with its id as first member when it has none; null if it is not a JSON object. */
    static String withEventId(String eventId, String eventJson) {
        String json = eventJson.trim();
        if (!JsonText.isObject(json)) {
            return null;
        }
        if (eventId == null || eventId.isBlank() || json.contains("\"eventId\"")) {
            return json;
        }
        String member = "\"eventId\":" + JsonWriter.write(eventId);
        String rest = json.substring(1).trim();
        return "{" + member + (rest.equals("}") ? "" : ",") + rest;
    }

    private boolean isDeleted() {
        return deleted;
    }

    private Thread daemon(String name, Runnable body) {
        Guarded guarded = new Guarded(body, log);
        Thread thread = new Thread(guarded, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(EventSender.class.getClassLoader());
        thread.setUncaughtExceptionHandler(guarded); // never the host's handler, which may itself report telemetry
        return thread;
    }

    /** Body of our threads: nothing escapes, not even to the default uncaught-exception handler. */
    private static final class Guarded implements Runnable, Thread.UncaughtExceptionHandler {
        private final Runnable body;
        private final SenderLog log;

        Guarded(Runnable body, SenderLog log) {
            this.body = body;
            this.log = log;
        }

        @Override
        public void run() {
            try {
                body.run();
            } catch (Throwable t) {
                uncaughtException(Thread.currentThread(), t);
            }
        }

        @Override
        public void uncaughtException(Thread thread, Throwable error) {
            log.debug("telemetry: " + thread.getName() + " failed: " + error);
        }
    }

    /** Swallows whatever the host's log throws (a named class: lambdas are slow in a cold JVM). */
    private static final class SafeLog implements SenderLog {
        private final SenderLog sink;

        SafeLog(SenderLog sink) {
            this.sink = sink;
        }

        @Override
        public void debug(String message) {
            try {
                sink.debug(message);
            } catch (RuntimeException e) {
                // a broken log must not break delivery
            }
        }
    }

    private static void joinUntil(Thread thread, long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0 && thread.isAlive()) {
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
        }
    }

    private static long millisLeft(long deadlineNanos) {
        return (deadlineNanos - System.nanoTime()) / 1_000_000L;
    }

    private static Map<String, String> safeGetenv() {
        try {
            return System.getenv();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }
}
