package dev.gatsbytelemetry.agent.sender;

import java.util.ArrayDeque;

/**
 * The bounded in-memory queue between the application threads and the sender thread. Bounded by
 * event count and bytes; every wait has a deadline. All methods are short and synchronized.
 */
final class EventQueue {

    /** One serialized event and its UTF-8 size. */
    record Pending(String json, int bytes) { }

    private final int maxEvents;
    private final long maxBytes;
    private final ArrayDeque<Pending> events = new ArrayDeque<>();
    private long bytes;
    private boolean woken;

    EventQueue(int maxEvents, long maxBytes) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Adds the event unless the queue is full. Never blocks. */
    synchronized boolean offer(Pending event) {
        if (events.size() >= maxEvents || bytes + event.bytes() > maxBytes) {
            return false;
        }
        events.addLast(event);
        bytes += event.bytes();
        notifyAll();
        return true;
    }

    /** Removes as many events from the head as fit into one batch; empty builder when none. */
    synchronized BatchBuilder drainBatch(int batchEvents, int batchBytes) {
        BatchBuilder batch = new BatchBuilder(batchEvents, batchBytes);
        while (!events.isEmpty() && batch.tryAdd(events.peekFirst().json(), events.peekFirst().bytes())) {
            bytes -= events.pollFirst().bytes();
        }
        return batch;
    }

    synchronized boolean isEmpty() {
        return events.isEmpty();
    }

    synchronized int size() {
        return events.size();
    }

    synchronized void clear() {
        events.clear();
        bytes = 0;
    }

    /**
     * Waits until the queue holds a full batch, {@code lingerMillis} have passed since the call, or
     * {@link #wake()} is called; returns at once when the queue is empty. Also returns after
     * {@code idleMillis} if the queue stays empty.
     *
     * @return whether the queue holds events
     */
    synchronized boolean awaitBatch(int batchEvents, long batchBytes, long lingerMillis, long idleMillis)
            throws InterruptedException {
        long idleDeadline = System.nanoTime() + idleMillis * 1_000_000L;
        while (events.isEmpty() && !woken) {
            long left = idleDeadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            waitNanos(left);
        }
        long lingerDeadline = System.nanoTime() + lingerMillis * 1_000_000L;
        while (!woken && events.size() < batchEvents && bytes < batchBytes) {
            long left = lingerDeadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            waitNanos(left);
        }
        woken = false;
        return !events.isEmpty();
    }

    /** Ends the current or next wait early. */
    synchronized void wake() {
        woken = true;
        notifyAll();
    }

    private void waitNanos(long nanos) throws InterruptedException {
        long millis = Math.max(1, nanos / 1_000_000L);
        wait(millis);
    }
}
