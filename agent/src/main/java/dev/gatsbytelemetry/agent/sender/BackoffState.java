package dev.gatsbytelemetry.agent.sender;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Failure memory shared by every process using the spool: after a failed delivery it records the
 * number of consecutive failures and the earliest time ({@code notBefore}) at which anyone should
 * touch the network again. Windows grow exponentially from {@link SenderSettings#backoffWindow()}
 * to {@link SenderSettings#maxBackoffWindow()} with "equal jitter" (half fixed, half random); a
 * server's {@code Retry-After} replaces the computed window. A success deletes the file.
 *
 * <p>Processes failing at the same time do not compound each other's back-off: the failure count
 * only grows when a failure happens after the previous window has ended.
 */
final class BackoffState {

    static final String FILE_NAME = "backoff.state";
    private static final long MIN_WINDOW_MILLIS = 1000;

    private final Path file;
    private final SenderSettings settings;
    private final Clock clock;

    BackoffState(Path directory, SenderSettings settings, Clock clock) {
        this.file = directory.resolve(FILE_NAME);
        this.settings = settings;
        this.clock = clock;
    }

    /** Wall-clock millis before which the network should not be used; 0 when there is no window. */
    long notBeforeMillis() {
        return read()[1];
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
        if (now >= previousNotBefore || failures == 0) {
            failures++;
        }
        long window = retryAfterMillis >= 0
                ? Math.max(MIN_WINDOW_MILLIS, Math.min(retryAfterMillis, settings.maxBackoffWindow().toMillis()))
                : jitteredWindow(failures);
        long notBefore = Math.max(previousNotBefore, now + window);
        write(failures, notBefore);
        return notBefore;
    }

    /** Forgets every failure. */
    void recordSuccess() throws IOException {
        Files.deleteIfExists(file);
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

    /** {failures, notBefore}; zeros when the file is absent or unreadable. */
    private long[] read() {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 1024) {
                return new long[] {0, 0};
            }
            long failures = 0;
            long notBefore = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
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
                }
            }
            // A window far beyond the maximum means a broken clock or file: do not obey it.
            if (notBefore - clock.millis() > 2 * settings.maxBackoffWindow().toMillis()) {
                notBefore = 0;
            }
            return new long[] {failures, notBefore};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private void write(long failures, long notBefore) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
        try {
            Files.writeString(temp, "failures=" + failures + "\nnotBefore=" + notBefore + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
