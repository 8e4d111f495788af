package dev.gatsbytelemetry.agent.instrumentation;

import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;

/**
 * The classes this agent hooked in earlier runs, kept in the user's config directory
 * ({@value #DIRECTORY_NAME}), so that later runs load the hooked bytes instead of rewriting them.
 *
 * <p>Implementation notes. Why: rewriting needs ASM, whose first use costs 13-20 ms of the
 * JVM's startup (BENCHMARKS.md), while the same tool, JDK and agent produce the same hooked
 * classes every run. An entry ({@link HookedClassEntry}) holds the agent build's fingerprint
 * ({@link AgentJarFingerprint}), the class name, the {@link HookPlan#key plan}, the original class
 * file in full and the hooked one, and a CRC32 of all that; it is used only when every part
 * matches exactly, so a changed tool, JDK, configuration or agent build is a miss, never a wrong
 * class. File names only spread entries out; a clash is a miss too.
 *
 * <p>Lookups run inside class loading, on the application's threads: one bounded read, no
 * directory listing, no write. New entries wait in a bounded queue until the recorder's thread
 * calls {@link #writePending} (after an event, and at exit within the exit budget); each file is
 * written whole and moved into place atomically, so concurrent JVMs never read a torn entry. The
 * directory keeps at most {@value #MAX_ENTRIES} entries, oldest removed first. Nothing here
 * throws: any failure is a miss or a skipped write.
 *
 * <p>Whoever can write the user's config directory can already run code as that user (through
 * shell profiles, or {@code JAVA_TOOL_OPTIONS}); the JDK's own dynamic CDS archives
 * ({@code -XX:+AutoCreateSharedArchive}) likewise load classes from a user-writable file.
 * {@code GATSBY_TELEMETRY_CLASS_CACHE=false} turns the cache off.
 */
public final class HookedClassCache {

    /** The cache's directory inside the {@code gatsby} config directory. */
    public static final String DIRECTORY_NAME = "hooked-classes";
    static final int MAX_ENTRIES = 64;
    /** Larger class files are rewritten every run, not kept. */
    static final int MAX_CLASS_BYTES = 512 * 1024;
    private static final int MAX_FILE_BYTES = 2 * MAX_CLASS_BYTES + 64 * 1024;
    /** Bounds the entries waiting to be written (each holds two copies of a class file). */
    private static final int MAX_PENDING_BYTES = 4 * 1024 * 1024;

    private final Path directory;
    private final String agentBuild;
    private final AgentLog log;
    private final List<Pending> pending = new ArrayList<>();
    /** Guarded by {@link #pending}. */
    private long pendingBytes;
    private final ReentrantLock writing = new ReentrantLock();
    /** Guarded by {@link #writing}. */
    private boolean pruned;

    /**
     * @param directory  the cache directory (created when the first entry is written)
     * @param agentBuild the agent build's fingerprint: entries of other builds never match
     */
    public HookedClassCache(Path directory, String agentBuild, AgentLog log) {
        this.directory = directory;
        this.agentBuild = agentBuild;
        this.log = log;
    }

    /** The hooked class kept for exactly these bytes and this plan, or {@code null}. Never throws. */
    byte[] lookup(String className, byte[] original, HookPlan plan) {
        String path = directory.resolve(fileName(className, original, plan)).toString();
        byte[] file;
        try (InputStream in = new FileInputStream(path)) {
            file = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            log.debug("hooked-class cache: cannot read " + path + ": " + e);
            return null;
        }
        return file.length > MAX_FILE_BYTES ? null
                : HookedClassEntry.hookedBytes(file, agentBuild, className, plan.key(), original);
    }

    /** Queues a new entry for {@link #writePending}; dropped when the queue is full. Never throws. */
    void store(String className, byte[] original, HookPlan plan, byte[] hooked) {
        if (original.length > MAX_CLASS_BYTES || hooked.length > MAX_CLASS_BYTES) {
            return;
        }
        long size = (long) original.length + hooked.length;
        synchronized (pending) {
            if (pendingBytes + size <= MAX_PENDING_BYTES) {
                pending.add(new Pending(className, original, plan, hooked));
                pendingBytes += size;
            }
        }
    }

    /**
     * Writes the queued entries, stopping at the deadline ({@link System#nanoTime()} scale). Called
     * on the recorder's thread and at exit. Never throws.
     */
    public void writePending(long deadlineNanos) {
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
        }
        try {
            if (!writing.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            while (System.nanoTime() - deadlineNanos < 0) {
                Pending entry;
                synchronized (pending) {
                    if (pending.isEmpty()) {
                        return;
                    }
                    entry = pending.remove(0);
                    pendingBytes -= (long) entry.original.length + entry.hooked.length;
                }
                write(entry);
            }
        } finally {
            writing.unlock();
        }
    }

    private void write(Pending entry) {
        try {
            if (!pruned) {
                pruned = true;
                HookedClassDirectory.prune(directory, MAX_ENTRIES - 1);
            }
            HookedClassDirectory.write(directory, fileName(entry.className, entry.original, entry.plan),
                    HookedClassEntry.serialize(agentBuild, entry.className, entry.plan.key(), entry.original, entry.hooked));
        } catch (IOException | RuntimeException e) {
            log.debug("hooked-class cache: cannot keep " + entry.className + ": " + e);
        }
    }

    /** How many entries the cache of a {@code gatsby} config directory holds, and their bytes. Never throws. */
    public static long[] size(Path configDirectory) {
        return HookedClassDirectory.size(configDirectory.resolve(DIRECTORY_NAME));
    }

    /** Deletes the cache of a {@code gatsby} config directory; returns whether nothing of it is left. */
    public static boolean deleteAll(Path configDirectory) {
        return HookedClassDirectory.deleteAll(configDirectory.resolve(DIRECTORY_NAME));
    }

    private String fileName(String className, byte[] original, HookPlan plan) {
        CRC32 inputs = new CRC32();
        inputs.update((agentBuild + '\n' + className + '\n' + plan.key()).getBytes(StandardCharsets.UTF_8));
        CRC32 bytes = new CRC32();
        bytes.update(original);
        return hex8(inputs.getValue()) + hex8(bytes.getValue()) + HookedClassDirectory.SUFFIX;
    }

    private static String hex8(long value) {
        String hex = Long.toHexString(value);
        return "00000000".substring(hex.length()) + hex;
    }

    private static final class Pending {
        final String className;
        final byte[] original;
        final HookPlan plan;
        final byte[] hooked;

        Pending(String className, byte[] original, HookPlan plan, byte[] hooked) {
            this.className = className;
            this.original = original;
            this.plan = plan;
            this.hooked = hooked;
        }
    }
}
