package dev.gatsbytelemetry.collector.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Deletes events older than the retention period: once shortly after start, then once a day.
 * With several instances on one PostgreSQL each runs it; the deletes are idempotent.
 */
public final class RetentionSchedule implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RetentionSchedule.class.getName());

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "retention");
        thread.setDaemon(true);
        return thread;
    });

    public RetentionSchedule(EventConsumer consumer, Duration retention, Clock clock) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                long deleted = consumer.deleteOlderThan(clock.instant().minus(retention));
                if (deleted > 0) {
                    LOG.info("retention: deleted " + deleted + " events older than " + retention.toDays() + " days");
                }
            } catch (StorageException | RuntimeException e) {
                LOG.warning("retention delete failed, tried again tomorrow: " + e.getMessage());
            }
        }, 10, TimeUnit.DAYS.toSeconds(1), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
