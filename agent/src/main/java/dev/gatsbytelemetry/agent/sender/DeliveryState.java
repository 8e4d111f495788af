package dev.gatsbytelemetry.agent.sender;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.gatsbytelemetry.agent.files.PrivateFiles;
import dev.gatsbytelemetry.agent.files.StateFolder;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivery memory shared by every process using the spool, in one small file:
 * <ul>
 *   <li><b>Back-off.</b> After a failed delivery: the number of consecutive failures and the
 *       earliest time ({@code notBefore}) at which anyone should touch the network again. Windows
 *       grow exponentially from {@link SenderSettings#backoffWindow()} to
 *       {@link SenderSettings#maxBackoffWindow()} with "equal jitter" (half fixed, half random); a
 *       server's {@code Retry-After} replaces the computed window. Processes failing at the same time
 *       do not compound each other's back-off: the count only grows when a failure happens after the
 *       previous window has ended.</li>
 *   <li><b>Send interval.</b> The time of the last successful delivery ({@code lastDelivery}). A
 *       process whose run starts less than {@link SenderSettings#sendInterval()} after it only
 *       spools: the HTTP and TLS stacks cost a cold JVM far more than the events themselves
 *       (BENCHMARKS.md), so that cost is paid once per interval, not by every run.</li>
 * </ul>
 * A success clears the failures and records its time.
 */
final class DeliveryState {

    static final String FILE_NAME = "delivery.state";
    private static final long MIN_WINDOW_MILLIS = 1000;
    /** A last delivery further in the future than this means a clock that went back: ignore it. */
    private static final long CLOCK_SKEW_MILLIS = 60_000;

    private final Path file;
    private final SenderSettings settings;
    private final Clock clock;

    DeliveryState(Path directory, SenderSettings settings, Clock clock) {
        this.file = directory.resolve(FILE_NAME);
        this.settings = settings;
        this.clock = clock;
    }

    /** Wall-clock millis before which the network should not be used; 0 when there is no window. */
    long notBeforeMillis() {
        return read()[1];
    }

    /** Epoch millis of the last successful delivery; 0 when none is recorded. */
    long lastDeliveryMillis() {
        return read()[2];
    }

    /**
     * Wall-clock millis before which a starting run should only spool: the last successful delivery
     * plus the send interval; 0 with a zero interval, without a delivery, or when the recorded
     * delivery lies in the future (a clock that went back must not silence the sender).
     */
    long quietUntilMillis() {
        long interval = settings.sendInterval().toMillis();
        long last = read()[2];
        if (interval <= 0 || last <= 0 || last - clock.millis() > CLOCK_SKEW_MILLIS) {
            return 0;
        }
        return last + interval;
    }

    /** True while a recorded failure's window is still open. */
    boolean inWindow() {
        return clock.millis() < notBeforeMillis();
    }

    /**
     * Records a failed delivery.
     *
     * @param retryAfterMillis the server's Retry-After delay, or {@link RetryAfter#NONE}
     * @return the new {@code notBefore}
     */
    long recordFailure(long retryAfterMillis) throws IOException {
        long now = clock.millis();
        long[] state = read();
        long failures = state[0];
        long previousNotBefore = state[1];
        long lastDelivery = state[2];
        if (now >= previousNotBefore || failures == 0) {
            failures++;
        }
        long window = retryAfterMillis >= 0
                ? Math.max(MIN_WINDOW_MILLIS, Math.min(retryAfterMillis, settings.maxBackoffWindow().toMillis()))
                : jitteredWindow(failures);
        long notBefore = Math.max(previousNotBefore, now + window);
        write(failures, notBefore, lastDelivery);
        return notBefore;
    }

    /** Forgets every failure and remembers now as the last successful delivery. */
    void recordSuccess() throws IOException {
        write(0, 0, clock.millis());
    }

    /** Exponential window for the n-th consecutive failure, with equal jitter. */
    long jitteredWindow(long failures) {
        long base = settings.backoffWindow().toMillis();
        long max = settings.maxBackoffWindow().toMillis();
        int shift = (int) Math.min(40, Math.max(0, failures - 1));
        long full = base > (max >> shift) ? max : Math.min(max, base << shift);
        long half = full / 2;
        return half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0);
    }

    /** {failures, notBefore, lastDelivery}; zeros when the file is absent or unreadable. */
    private long[] read() {
        try {
            byte[] bytes = PrivateFiles.read(file, 1024); // no link, no FIFO, bounded
            if (bytes == null) {
                return new long[] {0, 0, 0};
            }
            long failures = 0;
            long notBefore = 0;
            long lastDelivery = 0;
            for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\n")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).trim();
                long value = Long.parseLong(line.substring(eq + 1).trim());
                if (key.equals("failures")) {
                    failures = Math.max(0, value);
                } else if (key.equals("notBefore")) {
                    notBefore = Math.max(0, value);
                } else if (key.equals("lastDelivery")) {
                    lastDelivery = Math.max(0, value);
                }
            }
            // A window far beyond the maximum means a broken clock or file: do not obey it.
            if (notBefore - clock.millis() > 2 * settings.maxBackoffWindow().toMillis()) {
                notBefore = 0;
            }
            return new long[] {failures, notBefore, lastDelivery};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0, 0};
        }
    }

    private void write(long failures, long notBefore, long lastDelivery) throws IOException {
        StateFolder.ensure(file.getParent());
        Path temp = file.resolveSibling(".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
        try {
            PrivateFiles.writeNew(temp, ("failures=" + failures + "\nnotBefore=" + notBefore
                    + "\nlastDelivery=" + lastDelivery + "\n").getBytes(StandardCharsets.US_ASCII));
            PrivateFiles.moveAtomically(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
