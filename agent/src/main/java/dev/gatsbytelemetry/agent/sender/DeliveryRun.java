package dev.gatsbytelemetry.agent.sender;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * One round of emptying the spool into the collector, oldest batch first, until the spool is
 * empty, a delivery fails, the deadline passes or the caller asks to stop. Used by the background
 * thread and by the exit flush; a fresh instance per round.
 *
 * <p>Per batch: claim, read (garbage is deleted), POST with the batch's {@code Idempotency-Key}, then
 * delete on success; split into two halves that are sent next when the collector refuses the batch
 * as a whole (413: one event alone refused is dropped and counted); delete-and-count on any other
 * rejection; or give the claim back and record a back-off window on a retryable failure, which
 * ends the round: one failure is enough to know the network is not worth more time now.
 */
final class DeliveryRun {

    /** How a round ended. */
    enum End { SPOOL_EMPTY, FAILED, STOPPED }

    private final Spool spool;
    private final CollectorClient client;
    private final DeliveryState state;
    private final SenderLog log;
    private volatile boolean deliveredAny;
    private volatile boolean failureRecorded;

    DeliveryRun(Spool spool, CollectorClient client, DeliveryState state, SenderLog log) {
        this.spool = spool;
        this.client = client;
        this.state = state;
        this.log = log;
    }

    /** Whether at least one batch reached the collector in this round. */
    boolean deliveredAny() {
        return deliveredAny;
    }

    /** Whether this round already wrote a failure into the back-off state. */
    boolean failureRecorded() {
        return failureRecorded;
    }

    End run(int connectTimeoutMillis, int readTimeoutMillis, long deadlineNanos, BooleanSupplier stop) {
        try {
            spool.housekeeping();
            while (true) {
                if (stop.getAsBoolean() || System.nanoTime() - deadlineNanos >= 0) {
                    return End.STOPPED;
                }
                SpoolFile claimed = spool.claimOldest();
                if (claimed == null) {
                    return End.SPOOL_EMPTY;
                }
                if (!deliver(claimed, connectTimeoutMillis, readTimeoutMillis, deadlineNanos)) {
                    return End.FAILED;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("telemetry: spool error: " + e);
            return End.STOPPED;
        }
    }

    /** @return false when the round should end because the network failed */
    private boolean deliver(SpoolFile claimed, int connectTimeoutMillis, int readTimeoutMillis, long deadlineNanos)
            throws IOException {
        byte[] json = spool.readClaimed(claimed);
        if (json == null) {
            log.debug("telemetry: deleted unreadable spool file " + claimed.path().getFileName());
            return true;
        }
        CollectorClient.Result result;
        try {
            result = client.post(client.encode(json), claimed.idempotencyKey(), connectTimeoutMillis,
                    readTimeoutMillis, deadlineNanos);
        } catch (IOException | RuntimeException e) {
            result = CollectorClient.Result.retry(e.toString());
        }
        switch (result.outcome()) {
            case DELIVERED:
                spool.complete(claimed);
                if (!deliveredAny) {
                    deliveredAny = true;
                    state.recordSuccess();
                }
                log.debug("telemetry: delivered " + claimed.events() + " events (" + result.detail() + ")");
                return true;
            case SPLIT:
                if (spool.split(claimed, json) == 0) {
                    log.debug("telemetry: collector refused a single event (" + result.detail() + "); dropped");
                } else {
                    log.debug("telemetry: collector refused a batch of " + claimed.events() + " events ("
                            + result.detail() + "); split in two");
                }
                return true;
            case REJECTED:
                spool.drop(claimed);
                log.debug("telemetry: collector refused a batch of " + claimed.events() + " events ("
                        + result.detail() + "); dropped");
                return true;
            default:
                if (client.aborted()) {
                    // Woken by the exit's abort: the JVM halts any moment, and a state write cut off
                    // there leaves a temp file behind. The exit records the failure itself before it
                    // returns; giving the claim back is one atomic rename.
                    spool.release(claimed);
                    log.debug("telemetry: delivery cut off by the exit (" + result.detail() + "); batch kept");
                    return false;
                }
                failureRecorded = true;
                try {
                    long notBefore = state.recordFailure(result.retryAfterMillis());
                    log.debug("telemetry: delivery failed (" + result.detail() + "); next attempt after epoch ms "
                            + notBefore);
                } finally {
                    spool.release(claimed);
                }
                return false;
        }
    }
}
