package dev.gatsbytelemetry.agent.instrumentation;

import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.files.PrivateFiles;
import dev.gatsbytelemetry.agent.files.StateFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
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
 * file in full and the hooked one, and an HMAC-SHA256 tag under a per-user random key
 * ({@link HookedClassKey}, kept in the private config file); it is used only when the tag is valid
 * and every part matches exactly, so a changed tool, JDK, configuration or agent build is a miss,
 * never a wrong class, and an entry someone else wrote is rejected and deleted. File names only
 * spread entries out; a clash is a miss too.
 *
 * <p>Lookups run inside class loading, on the application's threads: one bounded read, no
 * directory listing, no write. New entries wait in a bounded queue until the recorder's thread
 * calls {@link #writePending} (after an event, and at exit within the exit budget); each file is
 * written whole and moved into place atomically, so concurrent JVMs never read a torn entry. The
 * directory keeps at most {@value #MAX_ENTRIES} entries (pruned before and after every write),
 * oldest removed first. Nothing here throws: any failure is a miss or a skipped write.
 *
 * <p>The folder is used only when it is private to the user (not a link, owned by the user, not
 * writable by group or others), and entries are read without following links and never from a
 * non-regular file. {@code GATSBY_TELEMETRY_CLASS_CACHE=false} turns the cache off.
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
    /** How long {@link #writeSoon}'s thread may go on writing (the exit waits for it within its own budget). */
    private static final long BACKGROUND_WRITE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Path directory;
    private final String agentBuild;
    private final HookedClassKey key;
    private final AgentLog log;
    /** Whether the folder is private to the user: checked at the first lookup. Guarded by {@code this}. */
    private Boolean folderUsable;
    private final List<Pending> pending = new ArrayList<>();
    /** Guarded by {@link #pending}. */
    private long pendingBytes;
    /** Whether {@link #writeSoon}'s thread is running. Guarded by {@link #pending}. */
    private boolean backgroundWriter;
    /** Set once premain is done ({@link #writeInBackground}). */
    private volatile boolean writesInBackground;
    /** Held while entries are written, so that the exit can wait for a write in progress. */
    private final ReentrantLock writing = new ReentrantLock();

    /**
     * @param directory  the cache directory (created when the first entry is written)
     * @param agentBuild the agent build's fingerprint: entries of other builds never match
     */
    public HookedClassCache(Path directory, String agentBuild, HookedClassKey key, AgentLog log) {
        this.directory = directory;
        this.agentBuild = agentBuild;
        this.key = key;
        this.log = log;
    }

    private synchronized boolean folderUsable() {
        if (folderUsable == null) {
            folderUsable = StateFolder.usable(directory);
        }
        return folderUsable;
    }

    /** The hooked class kept for exactly these bytes and this plan, or {@code null}. Never throws. */
    byte[] lookup(String className, byte[] original, HookPlan plan) {
        byte[] secret = key.forReading();
        if (secret == null || !folderUsable()) {
            return null;
        }
        Path path = directory.resolve(fileName(className, original, plan));
        byte[] file;
        try {
            file = PrivateFiles.read(path, MAX_FILE_BYTES); // no link followed, regular files only, bounded
        } catch (IOException | RuntimeException e) {
            log.debug("hooked-class cache: cannot read " + path + ": " + e);
            return null;
        }
        if (file == null) {
            return null;
        }
        byte[] hooked = HookedClassEntry.hookedBytes(file, secret, agentBuild, className, plan.key(), original);
        if (hooked == null) {
            // stale, damaged or not written by this user's agent: never loaded, and gone for the next run
            try {
                Files.deleteIfExists(path);
            } catch (IOException | RuntimeException e) {
                log.debug("hooked-class cache: cannot delete rejected " + path + ": " + e);
            }
        }
        return hooked;
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
     * From now on, queued entries are written by a daemon thread of the cache's own as they come,
     * starting with those queued so far. Called once premain is done: on a first run the entries
     * were otherwise written by the recorder's thread after its first event, which in a short
     * command comes after the exit has begun, so the exit wrote them, on the tool's wall time; and
     * a writer started inside premain competed with premain's own work (docs/architecture.md,
     * "First runs"). Never throws.
     */
    public void writeInBackground() {
        writesInBackground = true;
        writeSoon();
    }

    /**
     * Starts the background writer for what is queued, unless it is running or
     * {@link #writeInBackground} was not called yet. Called by the weaver after a class was
     * rewritten. Never throws.
     */
    void writeSoon() {
        synchronized (pending) {
            if (!writesInBackground || backgroundWriter || pending.isEmpty()) {
                return;
            }
            backgroundWriter = true;
        }
        try {
            Thread thread = new Thread(new Runnable() {
                @Override
                public void run() {
                    drainInBackground();
                }
            }, "gatsby-telemetry-class-cache");
            thread.setDaemon(true);
            thread.start();
        } catch (Throwable t) {
            synchronized (pending) {
                backgroundWriter = false; // the recorder's thread or the exit writes them instead
            }
        }
    }

    private void drainInBackground() {
        long deadline = System.nanoTime() + BACKGROUND_WRITE_NANOS;
        try {
            while (System.nanoTime() - deadline < 0) {
                writePending(deadline);
                synchronized (pending) {
                    if (pending.isEmpty()) {
                        backgroundWriter = false; // under the lock: a store now starts a new writer
                        return;
                    }
                }
            }
        } catch (Throwable t) {
            log.debug("hooked-class cache: background write failed: " + t);
        } finally {
            synchronized (pending) {
                backgroundWriter = false;
            }
        }
    }

    /**
     * Writes the queued entries, stopping at the deadline ({@link System#nanoTime()} scale). Called
     * on the recorder's thread and at exit, and by {@link #writeSoon}'s thread. Never throws.
     */
    public void writePending(long deadlineNanos) {
        synchronized (pending) {
            // An empty queue is not enough to leave: another thread may have taken the last entries
            // and still be writing them. At exit, returning then lets the JVM halt and kill that
            // daemon thread mid-write (the entry of a class hooked late, after the run's last event,
            // was lost that way in some runs): wait for the write, within the deadline.
            if (pending.isEmpty() && !writing.isLocked()) {
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
            List<Pending> batch;
            synchronized (pending) {
                batch = new ArrayList<>(pending);
                pending.clear();
                pendingBytes = 0;
            }
            if (!batch.isEmpty() && System.nanoTime() - deadlineNanos < 0) {
                writeBatch(batch, deadlineNanos);
            }
            if (!batch.isEmpty()) {
                requeue(batch); // not written by the deadline: for the exit, or a later call
            }
        } finally {
            writing.unlock();
        }
    }

    /**
     * Writes the batch's entries, removing each from it once handled. The directory is pruned once
     * before and once after the batch, not around every entry: each prune lists the directory, 14
     * listings for a first run's 7 entries, ~3.5 ms of CPU in a cold JVM at exit.
     */
    private void writeBatch(List<Pending> batch, long deadlineNanos) {
        List<String> names = new ArrayList<>(batch.size());
        for (int i = batch.size() - 1; i >= 0; i--) {
            Pending entry = batch.get(i);
            String name = fileName(entry.className, entry.original, entry.plan);
            if (Files.exists(directory.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                // Written by another run since this one looked (a rejected entry is deleted at lookup).
                // Concurrent first runs of a tool (a CI matrix) otherwise all make the same entries at
                // exit: at 20 at once on 2 cores the exit took +121 ms of CPU, +47 without the cache.
                batch.remove(i);
            } else {
                names.add(0, name);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        byte[] secret = key.forWriting(deadlineNanos);
        if (secret == null) {
            batch.clear(); // no key could be stored: an entry nobody can check is not kept
            return;
        }
        // room for the whole batch first; another process may write meanwhile, so the bound is
        // enforced again once the batch is written
        prune(Math.max(0, MAX_ENTRIES - batch.size()));
        try {
            while (!batch.isEmpty() && System.nanoTime() - deadlineNanos < 0) {
                Pending entry = batch.remove(0);
                String name = names.remove(0);
                try {
                    HookedClassDirectory.write(directory, name,
                            HookedClassEntry.serialize(secret, agentBuild, entry.className, entry.plan.key(),
                                    entry.original, entry.hooked));
                } catch (IOException | RuntimeException e) {
                    log.debug("hooked-class cache: cannot keep " + entry.className + ": " + e);
                }
            }
        } finally {
            prune(MAX_ENTRIES);
        }
    }

    private void prune(int keep) {
        try {
            HookedClassDirectory.prune(directory, keep);
        } catch (IOException | RuntimeException e) {
            // not a reason to drop the batch: the next write prunes again
            log.debug("hooked-class cache: cannot prune " + directory + ": " + e);
        }
    }

    private void requeue(List<Pending> entries) {
        synchronized (pending) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                Pending entry = entries.get(i);
                pending.add(0, entry);
                pendingBytes += (long) entry.original.length + entry.hooked.length;
            }
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
        CRC32 bytes = new CRC32();
        bytes.update(original);
        return namePrefix(className, plan.key()) + hex8(bytes.getValue()) + HookedClassDirectory.SUFFIX;
    }

    /** The part of an entry's file name that depends on the agent build, the class name and the plan only. */
    private String namePrefix(String className, String planKey) {
        CRC32 inputs = new CRC32();
        inputs.update((agentBuild + '\n' + className + '\n' + planKey).getBytes(StandardCharsets.UTF_8));
        return hex8(inputs.getValue());
    }

    /**
     * Whether the folder holds a file that may be this agent build's entry for the class under this
     * plan, judged by its name only (one directory listing, no file read, nothing checked): a
     * {@code false} says a rewrite is coming, a {@code true} says nothing sure. Never throws.
     */
    boolean mayHoldEntryFor(String className, String planKey) {
        try {
            String prefix = namePrefix(className, planKey);
            String[] names = directory.toFile().list();
            if (names != null) {
                for (String name : names) {
                    if (name.startsWith(prefix)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (RuntimeException e) {
            return true; // no reason to expect a rewrite
        }
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
