package dev.gatsbytelemetry.collector.ingest;

import dev.gatsbytelemetry.collector.storage.BatchReceipt;
import dev.gatsbytelemetry.collector.storage.EventConsumer;
import dev.gatsbytelemetry.collector.storage.StorageException;
import dev.gatsbytelemetry.collector.storage.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit: request threads hand their decoded batches over and wait; writer threads take as
 * many waiting batches as fit in one transaction and store them together. Many small agent
 * batches thus cost one transaction, the way both DuckDB and PostgreSQL write fastest.
 *
 * <p>Implementation notes:
 * <ul>
 * <li>Bounded by decoded bytes ({@link Semaphore}): when storage cannot keep up the queue fills,
 *     {@link #offer} fails at once and the request is answered 429; memory never grows with load.</li>
 * <li>Two batches in one transaction may carry the same {@code eventId}: the first one in queue
 *     order counts it as accepted, the other as a duplicate.</li>
 * <li>A transaction that fails transiently (PostgreSQL deadlock or serialization failure between
 *     instances) is retried; any other failure fails every batch in it, which answer 503: nothing
 *     of them was stored and the agent keeps them in its spool.</li>
 * </ul>
 */
public final class StorageWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StorageWriter.class.getName());
    private static final int MAX_EVENTS_PER_TRANSACTION = 5_000;
    private static final int TRANSIENT_RETRIES = 3;

    private final EventConsumer consumer;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Semaphore capacity;
    private final long capacityBytes;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong storedBatches = new AtomicLong();
    private final AtomicLong storedEvents = new AtomicLong();

    public StorageWriter(EventConsumer consumer, int threadCount, long capacityBytes) {
        this.consumer = consumer;
        this.capacityBytes = capacityBytes;
        this.capacity = new Semaphore((int) Math.min(Integer.MAX_VALUE, capacityBytes));
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(this::run, "storage-writer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Whether the queue is full enough that a new request should not even be parsed. */
    public boolean saturated() {
        return capacity.availablePermits() < capacityBytes / 10;
    }

    /**
     * Queues a batch for storage.
     *
     * @return the future result, or {@code null} when the queue is full (answer 429)
     */
    public CompletableFuture<IngestResult> offer(DecodedBatch batch, BatchReceipt receipt) {
        int permits = permits(batch);
        if (closed.get() || !capacity.tryAcquire(permits)) {
            return null;
        }
        Pending pending = new Pending(batch, receipt, permits, new CompletableFuture<>());
        queue.add(pending);
        return pending.result();
    }

    private int permits(DecodedBatch batch) {
        // A batch larger than the whole queue still fits alone; it then waits for an empty queue.
        return (int) Math.max(1, Math.min(batch.decodedBytes(), Math.min(Integer.MAX_VALUE, capacityBytes)));
    }

    private void run() {
        while (true) {
            Pending first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                if (closed.get()) {
                    return;
                }
                continue;
            }
            busy.incrementAndGet();
            try {
                List<Pending> group = new ArrayList<>(List.of(first));
                int events = first.batch().events().size();
                for (Pending next; events < MAX_EVENTS_PER_TRANSACTION && (next = queue.poll()) != null; ) {
                    group.add(next);
                    events += next.batch().events().size();
                }
                write(group);
            } finally {
                busy.decrementAndGet();
            }
        }
    }

    private void write(List<Pending> group) {
        List<StoredEvent> events = new ArrayList<>();
        List<BatchReceipt> receipts = new ArrayList<>();
        for (Pending pending : group) {
            events.addAll(pending.batch().events());
            if (pending.receipt() != null) {
                receipts.add(pending.receipt());
            }
        }
        try {
            Set<String> stored = storeWithRetry(events, receipts);
            transactions.incrementAndGet();
            storedBatches.addAndGet(group.size());
            storedEvents.addAndGet(events.size());
            Set<String> claimed = new HashSet<>();
            for (Pending pending : group) {
                int accepted = 0;
                for (StoredEvent event : pending.batch().events()) {
                    if (stored.contains(event.eventId()) && claimed.add(event.eventId())) {
                        accepted++;
                    }
                }
                DecodedBatch batch = pending.batch();
                complete(pending, new IngestResult(accepted, batch.events().size() - accepted, batch.rejected(),
                        batch.rejections()), null);
            }
        } catch (StorageException | RuntimeException e) {
            LOG.log(Level.WARNING, "storing a group of " + events.size() + " events failed: " + e.getMessage());
            for (Pending pending : group) {
                complete(pending, null, e instanceof StorageException se ? se : new StorageException(e.toString(), e));
            }
        }
    }

    private Set<String> storeWithRetry(List<StoredEvent> events, List<BatchReceipt> receipts) throws StorageException {
        for (int attempt = 1; ; attempt++) {
            try {
                return consumer.store(events, receipts);
            } catch (StorageException e) {
                if (attempt > TRANSIENT_RETRIES || !transientFailure(e)) {
                    throw e;
                }
            }
        }
    }

    /** PostgreSQL's deadlock_detected (40P01) and serialization_failure (40001): another instance won a race. */
    private static boolean transientFailure(StorageException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("40P01") || sql.getSQLState().equals("40001"))) {
                return true;
            }
        }
        return false;
    }

    private void complete(Pending pending, IngestResult result, StorageException failure) {
        capacity.release(pending.permits());
        if (failure != null) {
            pending.result().completeExceptionally(failure);
        } else {
            pending.result().complete(result);
        }
    }

    /**
     * Refuses new batches, then waits up to {@code timeout} for the queued ones to be stored. Batches
     * still queued after that fail (their requests answer 503 and the agents resend them).
     */
    @Override
    public void close() {
        closeWithin(Duration.ofSeconds(20));
    }

    public void closeWithin(Duration timeout) {
        closed.set(true);
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((!queue.isEmpty() || busy.get() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Pending left; (left = queue.poll()) != null; ) {
            complete(left, null, new StorageException("collector stopping", null));
        }
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What the writer has stored so far: how large its group commits turned out (benchmarks read it at exit). */
    public Statistics statistics() {
        return new Statistics(transactions.get(), storedBatches.get(), storedEvents.get());
    }

    /** Committed transactions and the batches and events (duplicates included) they carried. */
    public record Statistics(long transactions, long batches, long events) {

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "storage writer: %d transactions, %d batches, %d events (%.1f batches, %.0f events per transaction)",
                    transactions, batches, events, transactions == 0 ? 0.0 : (double) batches / transactions,
                    transactions == 0 ? 0.0 : (double) events / transactions);
        }
    }

    private record Pending(DecodedBatch batch, BatchReceipt receipt, int permits,
            CompletableFuture<IngestResult> result) {
    }
}
