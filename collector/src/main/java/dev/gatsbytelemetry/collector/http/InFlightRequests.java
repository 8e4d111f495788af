package dev.gatsbytelemetry.collector.http;

import java.time.Duration;

/**
 * Counts ingest requests being handled, so that a stopping collector can refuse new ones and wait
 * for the accepted ones to be answered before the server and storage close: SIGTERM loses nothing
 * a client was told was stored.
 */
final class InFlightRequests {

    private int active;
    private boolean draining;

    /** @return false once draining: the request must be refused (503) */
    synchronized boolean enter() {
        if (draining) {
            return false;
        }
        active++;
        return true;
    }

    synchronized void exit() {
        active--;
        notifyAll();
    }

    /** Refuses new requests and waits up to {@code timeout} for the active ones; returns how many are left. */
    synchronized int drain(Duration timeout) {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (active > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return active;
    }
}
