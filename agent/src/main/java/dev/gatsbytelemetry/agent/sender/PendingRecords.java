package dev.gatsbytelemetry.agent.sender;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import dev.gatsbytelemetry.agent.files.PrivateFiles;
import dev.gatsbytelemetry.agent.files.StateFolder;
import dev.gatsbytelemetry.agent.files.UnsafeFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Events recorded at exit before they could be completed (see docs/architecture.md, "Exit: the end
 * of a run is recorded first"): one small file per event in the spool directory, finished later
 * into an ordinary batch by this run or, if its exit budget ran out, by a later run.
 *
 * <p>Implementation notes.
 * <ul>
 *   <li><b>Name.</b> {@code pending-<13-digit epoch ms>-<owner pid>-<event id>.json}; while a later
 *       process completes it, {@code .completing-<pid>} is appended (an atomic rename: only one
 *       process completes a record). The owner's pid keeps other processes away while the owner
 *       may still finish the event itself: only records of dead owners, or older than
 *       {@link #OWNER_GRACE_MILLIS}, are taken.</li>
 *   <li><b>Content.</b> Three lines: the key of the process that may complete it ({@code -} when
 *       the record is complete but for assembly), the event's first members and its last members,
 *       each a JSON object's members without braces. Completion puts the completing process's
 *       identity members in between. Nothing in a record is a string from the host: the host's
 *       strings only ever reach an event through the sanitizer, and a record is written before
 *       the sanitizer exists.</li>
 *   <li><b>Writes.</b> A temp file, then an atomic rename, as for batches: a record is either
 *       whole or absent. A completed record becomes a one-event batch first and is deleted after,
 *       so a crash in between resends the event under the same {@code eventId}, never loses it.</li>
 *   <li><b>Bounds.</b> At most {@link #MAX_RECORDS} records (the oldest beyond that are deleted
 *       and counted as dropped) of at most {@link #MAX_RECORD_BYTES} bytes each are read; records
 *       nobody could complete within the spool's age bound are deleted and counted as dropped.</li>
 * </ul>
 */
final class PendingRecords {

    static final String PREFIX = "pending-";
    private static final String EXTENSION = ".json";
    private static final String COMPLETING = ".completing-";
    private static final String TEMP_PREFIX = ".tmp-pending-";
    static final int MAX_RECORDS = 1_000;
    static final int MAX_RECORD_BYTES = 256 * 1024;
    /** Longer than any exit: until then only a dead owner's record is taken. */
    static final long OWNER_GRACE_MILLIS = 10 * 60_000L;
    private static final long START_INSTANT_ERROR_MILLIS = 1_000;
    /** A claim left by a completing process that died. */
    private static final long STALE_COMPLETING_MILLIS = 60_000L;

    /** This process's id, looked up on first use only (ProcessHandle is slow to initialise). */
    private static final class Pid {
        static final long VALUE = ProcessHandle.current().pid();
    }

    /**
     * When this process started, apart from {@link Pid}: only completing needs it, and writing a
     * record at exit (on a starved machine, each class and {@code /proc} read there costs the user
     * many times its CPU) should not pay for it.
     */
    private static final class Started {
        private static final long MILLIS = ProcessHandle.current().info().startInstant()
                .map(java.time.Instant::toEpochMilli).orElse(Long.MIN_VALUE);

        /** Whether this process had started by then (else a record with its pid is a dead namesake's). */
        static boolean by(long millis) {
            return MILLIS <= millis;
        }
    }

    private final Path directory;
    private final long maxAgeMillis;
    /** The folder was checked (and created) by this process's first write. */
    private volatile boolean folderChecked;

    PendingRecords(Path directory, long maxAgeMillis) {
        this.directory = directory;
        this.maxAgeMillis = maxAgeMillis;
    }

    /** Writes a record crash-safely; returns its path. */
    Path write(String eventId, String key, String head, String tail) throws IOException {
        if (!folderChecked) {
            StateFolder.ensure(directory); // 0700, the user's own, no link: else refused
            folderChecked = true; // once per run: the end record and the error records are written in a row
        }
        String text = (key == null ? "-" : key) + "\n" + head + "\n" + tail + "\n";
        Path target = directory.resolve(PREFIX + SpoolFile.zeroPadded(System.currentTimeMillis(), 13) + "-"
                + Pid.VALUE + "-" + safeId(eventId) + EXTENSION);
        Path temp = directory.resolve(TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            PrivateFiles.writeNew(temp, text.getBytes(StandardCharsets.UTF_8)); // 0600
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /**
     * Completes the records of other processes that this one can complete, oldest first, until the
     * deadline or until {@code stop} says so: each becomes a one-event batch in {@code spool}. Returns how
     * many were completed.
     */
    int completeOthers(Spool spool, PendingCompleter completer, DroppedCounter dropped, long deadlineNanos,
                       java.util.function.BooleanSupplier stop, SenderLog log) throws IOException {
        if (!StateFolder.usable(directory)) {
            return 0;
        }
        long now = System.currentTimeMillis();
        // Names from one native listing, a Path only for records: this runs once in every run, and a
        // developer's spool may hold hundreds of batch files between two deliveries.
        String[] names = directory.toFile().list();
        List<Path> candidates = new ArrayList<>();
        for (int i = 0; names != null && i < names.length; i++) {
            String name = names[i];
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            Path path = directory.resolve(name);
            if (name.contains(COMPLETING)) {
                // A claim its completing process left when it died (a run that exited while its
                // recorder thread was completing others' records): put back and completed in this
                // very pass. Left for the next listing, it waited for yet another run (NothingLostIT
                // saw one record of 40 left after its recovery run, about one run in six).
                Path reclaimed = reclaimIfStale(path, name, now, log);
                if (reclaimed != null) {
                    candidates.add(reclaimed);
                }
            } else if (name.endsWith(EXTENSION)) {
                candidates.add(path);
            }
        }
        Collections.sort(candidates); // by name: oldest first
        // The bound: beyond MAX_RECORDS (runs of a tool that never completes them, say), the oldest go.
        while (candidates.size() > MAX_RECORDS) {
            if (Files.deleteIfExists(candidates.remove(0))) {
                dropped.add(1);
            }
        }
        int completed = 0;
        for (Path path : candidates) {
            if (System.nanoTime() - deadlineNanos >= 0 || stop.getAsBoolean()) {
                break;
            }
            String name = path.getFileName().toString();
            long created = createdMillis(name);
            long owner = ownerPid(name);
            if (created < 0 || owner < 0) {
                Files.deleteIfExists(path); // a mangled name: not ours to understand
                continue;
            }
            if (owner == Pid.VALUE ? Started.by(created)
                    : now - created < OWNER_GRACE_MILLIS && ownerMayBeRunning(owner, created)) {
                continue; // this process's own, or its owner may still finish it
            }
            Path claimed = path.resolveSibling(name + COMPLETING + Pid.VALUE);
            try {
                move(path, claimed);
            } catch (NoSuchFileException e) {
                continue; // another process took it
            }
            touch(claimed); // the claim's age, not the record's, tells a stuck completer (STALE_COMPLETING_MILLIS)
            if (complete(claimed, spool, completer, now - created > maxAgeMillis, dropped)) {
                completed++;
            }
        }
        return completed;
    }

    /** Deletes this process's own record once its event is safely in the spool. */
    void delete(Path record) {
        try {
            Files.deleteIfExists(record);
        } catch (IOException e) {
            // a later run completes it again under the same eventId: a repeat, not a loss
        }
    }

    /** Records waiting, for {@code telemetry --status}. */
    int count() throws IOException {
        if (!StateFolder.usable(directory)) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path path : stream) {
                if (path.getFileName().toString().startsWith(PREFIX)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** @return whether the record became a batch; otherwise it is put back, or dropped when too old */
    private boolean complete(Path claimed, Spool spool, PendingCompleter completer, boolean tooOld, DroppedCounter dropped)
            throws IOException {
        Path unclaimed = Path.of(claimed.toString().substring(0, claimed.toString().lastIndexOf(COMPLETING)));
        String[] lines = readLines(claimed);
        if (lines == null) {
            Files.deleteIfExists(claimed); // unreadable or not a record: cannot ever be completed
            return false;
        }
        String middle = "-".equals(lines[0]) ? "" : safeMembers(completer, lines[0]);
        if (middle == null) {
            if (tooOld) {
                Files.deleteIfExists(claimed);
                dropped.add(1);
            } else {
                move(claimed, unclaimed); // for the process that can: the same tool in the same place
            }
            return false;
        }
        StringBuilder json = new StringBuilder("{").append(lines[1]);
        if (!middle.isEmpty()) {
            json.append(',').append(middle);
        }
        if (!lines[2].isEmpty()) {
            json.append(',').append(lines[2]);
        }
        json.append('}');
        String event = json.toString();
        if (!JsonText.isObject(event)) {
            Files.deleteIfExists(claimed);
            dropped.add(1);
            return false;
        }
        spool.write("[" + event + "]", 1);
        Files.deleteIfExists(claimed);
        return true;
    }

    private static String safeMembers(PendingCompleter completer, String key) {
        try {
            return completer == null ? null : completer.identityMembers(key);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String[] readLines(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = PrivateFiles.read(path, MAX_RECORD_BYTES); // no link followed, no FIFO, bounded
        } catch (UnsafeFileException e) {
            return null;
        }
        if (bytes == null) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        if (lines.length < 3 || lines[0].isEmpty() || lines[1].isEmpty()) {
            return null;
        }
        return new String[] {lines[0], lines[1], lines[2]};
    }

    /** Puts back a claim whose completing process died (or is stuck); returns the record's path then, else null. */
    private Path reclaimIfStale(Path path, String name, long now, SenderLog log) {
        try {
            int at = name.lastIndexOf(COMPLETING);
            long pid = Long.parseLong(name.substring(at + COMPLETING.length()));
            long age = now - Files.getLastModifiedTime(path, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis();
            if (pid != Pid.VALUE && (!isAlive(pid) || age > STALE_COMPLETING_MILLIS)) {
                Path unclaimed = path.resolveSibling(name.substring(0, at));
                move(path, unclaimed);
                log.debug("telemetry: took back " + name.substring(0, at) + " from process " + pid
                        + ", which stopped while completing it");
                return unclaimed;
            }
        } catch (IOException | RuntimeException e) {
            // another process reclaimed it, or a mangled name: left for the age bound
        }
        return null;
    }

    /** {@code pending-<13 digits>-...}: the creation time, or -1. */
    static long createdMillis(String name) {
        int at = PREFIX.length();
        if (name.length() < at + 14 || name.charAt(at + 13) != '-') {
            return -1;
        }
        try {
            return Long.parseLong(name, at, at + 13, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The owner pid after the time, or -1. */
    static long ownerPid(String name) {
        int from = PREFIX.length() + 14;
        int to = name.indexOf('-', from);
        if (to <= from) {
            return -1;
        }
        try {
            return Long.parseLong(name, from, to, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether the process that wrote a record at {@code createdMillis} may still be running: a live
     * process with its pid that had started by then. A live pid alone is not the owner: pids are
     * reused, soon where {@code pid_max} is 32768 and every thread of every JVM takes one (NothingLostIT
     * once saw a dead run's record skipped as "alive", its pid taken by a thread of another process).
     * On Linux the JDK derives a start instant from {@code /proc/stat}'s {@code btime}, in whole
     * seconds, so it can read up to a second early: only a process started a second before the record
     * counts as its owner. An owner that ran for less than that may see its record completed by another
     * run as well: a repeat under the same event id, which the collector drops, never a loss.
     */
    private static boolean ownerMayBeRunning(long pid, long createdMillis) {
        try {
            ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
            if (handle == null || !handle.isAlive()) {
                return false;
            }
            java.time.Instant start = handle.info().startInstant().orElse(null);
            return start == null || start.toEpochMilli() <= createdMillis - START_INSTANT_ERROR_MILLIS;
        } catch (RuntimeException e) {
            return true; // cannot tell: wait for the grace period
        }
    }

    private static boolean isAlive(long pid) {
        try {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (RuntimeException e) {
            return true; // cannot tell: wait for the grace period
        }
    }

    /** Event ids are the agent's own UUIDs; anything else is reduced to file-name-safe characters. */
    private static String safeId(String eventId) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; eventId != null && i < eventId.length() && out.length() < 64; i++) {
            char c = eventId.charAt(i);
            out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? c : '_');
        }
        return out.length() == 0 ? "event" : out.toString();
    }

    private static void touch(Path path) {
        try {
            Files.setLastModifiedTime(path, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // the claim holds; only a stuck completer is recognised later (by its dead pid it still is)
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            throw new IOException("cannot rename " + from.getFileName() + " atomically", e);
        }
    }
}
