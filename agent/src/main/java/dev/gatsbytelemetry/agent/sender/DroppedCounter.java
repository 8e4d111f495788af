package dev.gatsbytelemetry.agent.sender;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import dev.gatsbytelemetry.agent.files.PrivateFiles;
import dev.gatsbytelemetry.agent.files.StateFolder;
import java.nio.file.Path;

/**
 * A count of events lost to spool bounds, poison batches or invalid input, kept in a small file so
 * that the next run can report it. Updates take an OS file lock (bounded wait) so that processes
 * sharing the spool do not lose each other's increments; if the lock cannot be had in time the
 * update goes ahead unlocked, as the count is a diagnostic, not a ledger.
 */
final class DroppedCounter {

    private static final Object JVM_LOCK = new Object(); // FileLock does not exclude threads of one JVM
    private static final long LOCK_WAIT_MILLIS = 200;

    private final Path file;

    DroppedCounter(Path file) {
        this.file = file;
    }

    void add(long events) throws IOException {
        if (events > 0) {
            update(events, false);
        }
    }

    long read() throws IOException {
        if (!StateFolder.usable(file.getParent()) || !PrivateFiles.isRegularFile(file)) {
            return 0;
        }
        return update(0, false);
    }

    /** Returns the count and resets it to zero. */
    long take() throws IOException {
        if (!StateFolder.usable(file.getParent()) || !PrivateFiles.isRegularFile(file)) {
            return 0;
        }
        return update(0, true);
    }

    /** Adds {@code delta}; returns the count before a reset, or the new count. */
    private long update(long delta, boolean reset) throws IOException {
        synchronized (JVM_LOCK) {
            StateFolder.ensure(file.getParent());
            // never through a link (it would overwrite the file it points to), never a FIFO, 0600
            try (FileChannel channel = PrivateFiles.openForUpdate(file);
                 FileLock ignored = lock(channel)) {
                ByteBuffer buffer = ByteBuffer.allocate(32);
                channel.read(buffer, 0);
                long current = parse(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
                long next = reset ? 0 : saturatedAdd(current, delta);
                if (next != current || reset) {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(Long.toString(next).getBytes(StandardCharsets.US_ASCII)), 0);
                }
                return reset ? current : next;
            }
        }
    }

    private static FileLock lock(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + LOCK_WAIT_MILLIS * 1_000_000L;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null || System.nanoTime() > deadline) {
                return lock;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static long parse(String text) {
        try {
            return Math.max(0, Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return 0; // a damaged counter restarts at zero rather than breaking the sender
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
