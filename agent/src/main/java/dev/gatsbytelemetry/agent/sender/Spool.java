package dev.gatsbytelemetry.agent.sender;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import dev.gatsbytelemetry.agent.files.PrivateFiles;
import dev.gatsbytelemetry.agent.files.StateFolder;
import dev.gatsbytelemetry.agent.files.UnsafeFileException;

/**
 * The on-disk spool: one JSON-array file per batch, shared by every process of the user.
 *
 * <ul>
 *   <li>Writes go to a hidden temp file that is then atomically renamed, so a half-written batch is
 *       never read; temp files left by crashes are deleted after {@link #TEMP_MAX_AGE_MILLIS}.</li>
 *   <li>A sender claims a batch by atomically renaming it to {@code <name>.sending-<pid>}; only one
 *       rename of a name can succeed, so two processes never send the same file. Claims of dead
 *       processes, or older than {@link SenderSettings#staleClaimAge()}, are renamed back.</li>
 *   <li>Bounded by bytes, file count and age: the oldest files go first (once a count or byte
 *       bound is exceeded, down to nine tenths of it), and their events are added to the
 *       {@link DroppedCounter}. Deletion also goes through a claim, so a file is never
 *       both sent and counted as dropped.</li>
 *   <li>A {@code batch-*} file whose name or content is not a valid batch is deleted.</li>
 * </ul>
 * Methods throw {@link IOException}; {@link EventSender} catches everything.
 */
final class Spool {

    /**
     * Oldest first, the order of the names (creation time, then sequence and random part), from the
     * parsed fields: a name built from its {@code Path} on every comparison cost a 1,000-file spool
     * some 20,000 strings per sort. An anonymous class: no lambda spun at startup.
     */
    private static final Comparator<SpoolFile> BY_NAME = new Comparator<SpoolFile>() {
        @Override
        public int compare(SpoolFile a, SpoolFile b) {
            int byTime = Long.compare(a.createdMillis(), b.createdMillis());
            return byTime != 0 ? byTime : a.id().compareTo(b.id());
        }
    };

    /**
     * Age after which a {@code .tmp-*} file is a halted writer's: a write takes milliseconds, and a
     * live writer whose temp file is deleted under it only fails its rename (and counts the batch as
     * dropped), so the margin is generous rather than exact.
     */
    static final long TEMP_MAX_AGE_MILLIS = 5 * 60_000L;
    /** Temp files looked at per housekeeping pass; a few are left by each halted writer at most. */
    static final int MAX_TEMPS_PER_PASS = 100;
    static final String DROPPED_FILE_NAME = "dropped-events.count";
    private static final String TEMP_PREFIX = ".tmp-";
    /** Batches written by other versions may be bigger than today's limit, but not this big. */
    private static final int MAX_READ_BYTES = 16 << 20;

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** This process's id, looked up on first claim only (ProcessHandle is slow to initialise). */
    private static final class Pid {
        static final long VALUE = ProcessHandle.current().pid();
    }

    private final Path directory;
    private final SenderSettings settings;
    private final Clock clock;
    private final DroppedCounter dropped;

    Spool(Path directory, SenderSettings settings, Clock clock) {
        this.directory = directory;
        this.settings = settings;
        this.clock = clock;
        this.dropped = new DroppedCounter(directory.resolve(DROPPED_FILE_NAME));
    }

    Path directory() {
        return directory;
    }

    DroppedCounter droppedCounter() {
        return dropped;
    }

    /** Writes one batch (a JSON array text holding {@code events} events) crash-safely. */
    Path write(String jsonArray, int events) throws IOException {
        return write(jsonArray, events, clock.millis());
    }

    /**
     * A claimed batch the collector refused as a whole (413 and the like): written again as two
     * halves, with the original's creation time so they keep its place at the head of the spool,
     * then the original is deleted; each half gets a name, and so an idempotency key, of its own.
     * A batch of one event cannot be split: it is dropped and counted. Both halves are on disk
     * before the original goes, so a crash in between resends events (they keep their ids) but
     * never loses one.
     *
     * @return how many batches replace it (2, or 0 when it was dropped)
     */
    int split(SpoolFile claimed, byte[] json) throws IOException {
        List<String> elements = JsonText.objectArrayElements(new String(json, StandardCharsets.UTF_8));
        if (elements == null || elements.size() < 2) {
            drop(claimed);
            return 0;
        }
        int half = elements.size() / 2;
        List<String> first = elements.subList(0, half);
        List<String> second = elements.subList(half, elements.size());
        write("[" + String.join(",", first) + "]", first.size(), claimed.createdMillis());
        write("[" + String.join(",", second) + "]", second.size(), claimed.createdMillis());
        Files.deleteIfExists(claimed.path());
        return 2;
    }

    private Path write(String jsonArray, int events, long createdMillis) throws IOException {
        StateFolder.ensure(directory); // 0700, owned by the user, no link: else refused
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
        String id = SpoolFile.zeroPadded(Math.floorMod(SEQUENCE.getAndIncrement(), 1_000_000), 6) + "-"
                + "0".repeat(16 - random.length()) + random;
        Path target = directory.resolve(SpoolFile.batchName(createdMillis, id, events));
        Path temp = directory.resolve(TEMP_PREFIX + id + ".part");
        try {
            PrivateFiles.writeNew(temp, jsonArray.getBytes(StandardCharsets.UTF_8));
            moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** Claims the oldest unclaimed batch for this process; null when there is none. */
    SpoolFile claimOldest() throws IOException {
        for (SpoolFile file : batches(false)) {
            SpoolFile claimed = claim(file);
            if (claimed != null) {
                return claimed;
            }
        }
        return null;
    }

    /**
     * Reads a claimed batch; returns its UTF-8 bytes, or null after deleting it when it is not a
     * non-empty JSON array of objects (garbage, truncated, or not UTF-8).
     */
    byte[] readClaimed(SpoolFile claimed) throws IOException {
        byte[] bytes;
        try {
            // never through a link (a batch name pointing at someone's JSON file), never a FIFO, bounded
            bytes = PrivateFiles.read(claimed.path(), MAX_READ_BYTES);
        } catch (UnsafeFileException e) {
            bytes = null;
        }
        if (bytes == null || !isBatch(bytes)) {
            Files.deleteIfExists(claimed.path());
            return null;
        }
        return bytes;
    }

    /** A claimed batch was delivered. */
    void complete(SpoolFile claimed) throws IOException {
        Files.deleteIfExists(claimed.path());
    }

    /** A claimed batch was refused by the collector for good: delete and count it. */
    void drop(SpoolFile claimed) throws IOException {
        if (Files.deleteIfExists(claimed.path())) {
            dropped.add(claimed.events());
        }
    }

    /** A claimed batch could not be delivered now: give it back to everyone. */
    void release(SpoolFile claimed) throws IOException {
        moveAtomically(claimed.path(), claimed.unclaimedPath());
    }

    /**
     * Cleans the directory: old temp files (at most {@link #MAX_TEMPS_PER_PASS}), mangled {@code batch-*} names, stale claims; then applies
     * the bounds. Cheap enough to run before each delivery round (one directory listing).
     */
    void housekeeping() throws IOException {
        if (!StateFolder.usable(directory)) {
            return;
        }
        long realNow = System.currentTimeMillis();
        int tempsLooked = 0;
        for (Path path : list()) {
            String name = path.getFileName().toString();
            if (name.startsWith(TEMP_PREFIX)) {
                // A temp file older than any write is a halted writer's (a JVM that exited or was killed
                // between writing and renaming): never renamed, never read, so deleting it loses nothing.
                // A stat per file, at most MAX_TEMPS_PER_PASS per pass: every delivery round runs this.
                if (tempsLooked++ < MAX_TEMPS_PER_PASS && ageMillis(path, realNow) > TEMP_MAX_AGE_MILLIS) {
                    Files.deleteIfExists(path);
                }
                continue;
            }
            if (!name.startsWith(SpoolFile.PREFIX)) {
                continue; // not ours: leave it alone
            }
            SpoolFile file = SpoolFile.parse(path);
            if (file == null) {
                Files.deleteIfExists(path); // a mangled name: its content is unknown, so it is not counted
            } else if (file.claimed() && file.claimPid() != Pid.VALUE && isStaleClaim(file, realNow)) {
                try {
                    moveAtomically(file.path(), file.unclaimedPath());
                } catch (NoSuchFileException e) {
                    // another process reclaimed it first
                }
            }
        }
        enforceBounds();
    }

    /**
     * Drops the oldest unclaimed batches beyond the age bound, and beyond the file-count and byte
     * bounds; once over one of those, down to nine tenths of it.
     */
    void enforceBounds() throws IOException {
        if (withinBounds()) {
            return;
        }
        List<SpoolFile> all = batches(true);
        long bytes = 0;
        long[] sizes = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            sizes[i] = sizeOrZero(all.get(i).path());
            bytes += sizes[i];
        }
        int files = all.size();
        // Over a bound, trim a tenth below it: a full spool (an offline machine, runs appending a file
        // or two each) is then trimmed once every many runs, not one file on every run, each time
        // with this full listing (a 1,000-file spool's short command: +40 ms at exit).
        int fileTarget = files > settings.maxSpoolFiles()
                ? settings.maxSpoolFiles() - settings.maxSpoolFiles() / 10 : settings.maxSpoolFiles();
        long byteTarget = bytes > settings.maxSpoolBytes()
                ? settings.maxSpoolBytes() - settings.maxSpoolBytes() / 10 : settings.maxSpoolBytes();
        long oldestAllowed = clock.millis() - settings.maxSpoolAge().toMillis();
        for (int i = 0; i < all.size(); i++) {
            SpoolFile file = all.get(i);
            boolean tooOld = file.createdMillis() < oldestAllowed;
            if (!tooOld && files <= fileTarget && bytes <= byteTarget) {
                break; // sorted oldest first: the rest are newer and everything fits
            }
            if (file.claimed()) {
                continue; // in flight in some process
            }
            SpoolFile claimed = claim(file);
            if (claimed != null) {
                drop(claimed);
                files--;
                bytes -= sizes[i];
            }
        }
    }

    /**
     * A cheap first look, on every write: file names from one native listing, the oldest by name
     * (names start with the creation time), and sizes from {@code File.length}; no {@code Path} per
     * file and no name parsed but the oldest. Runs within the send interval append to the spool, so a
     * developer's spool holds hundreds of files between two deliveries, and the full check (a
     * {@code Path}, a parsed name and an attribute read per file) cost a 1,000-file spool's short
     * command +35 ms at exit (BENCHMARKS.md). False when a bound may be exceeded: then the full check
     * decides.
     */
    private boolean withinBounds() {
        if (!StateFolder.usable(directory)) {
            return true; // nothing is written there either
        }
        File dir = directory.toFile();
        String[] names = dir.list();
        if (names == null) {
            return true; // no directory
        }
        int files = 0;
        long bytes = 0;
        String oldest = null;
        for (String name : names) {
            if (name.startsWith(SpoolFile.PREFIX)) {
                files++;
                bytes += new File(dir, name).length();
                if (oldest == null || name.compareTo(oldest) < 0) {
                    oldest = name;
                }
            }
        }
        if (files > settings.maxSpoolFiles() || bytes > settings.maxSpoolBytes()) {
            return false;
        }
        if (oldest == null) {
            return true;
        }
        SpoolFile first = SpoolFile.parse(directory.resolve(oldest));
        return first != null && first.createdMillis() >= clock.millis() - settings.maxSpoolAge().toMillis();
    }

    /** Events waiting in unclaimed and claimed batches. */
    int pendingEvents() throws IOException {
        long total = 0;
        for (SpoolFile file : batches(true)) {
            total += file.events();
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /** Batch files, oldest first, claimed ones included. */
    List<Path> files() throws IOException {
        List<Path> paths = new ArrayList<>();
        for (SpoolFile file : batches(true)) {
            paths.add(file.path());
        }
        return paths;
    }

    /** Deletes every file the spool owns, then the directory if nothing else is left in it. */
    void deleteAll() throws IOException {
        if (!StateFolder.usable(directory)) {
            return;
        }
        for (Path path : list()) {
            String name = path.getFileName().toString();
            if (name.startsWith(SpoolFile.PREFIX) || name.startsWith(TEMP_PREFIX) || name.startsWith(PendingRecords.PREFIX)
                    || name.equals(DROPPED_FILE_NAME) || name.equals(DeliveryState.FILE_NAME)) {
                Files.deleteIfExists(path);
            }
        }
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException e) {
            // somebody else's files, or a concurrent writer: leave the directory
        }
    }

    static boolean isBatch(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return JsonText.objectArrayLength(text) > 0;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private SpoolFile claim(SpoolFile file) throws IOException {
        Path target = file.claimedPath(Pid.VALUE);
        try {
            moveAtomically(file.path(), target);
        } catch (NoSuchFileException e) {
            return null; // someone else claimed it
        }
        try {
            Files.setLastModifiedTime(target, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // the claim still holds; only stale detection by age is less precise
        }
        return file.at(target, Pid.VALUE);
    }

    private boolean isStaleClaim(SpoolFile file, long realNow) {
        boolean ownerAlive;
        try {
            ownerAlive = ProcessHandle.of(file.claimPid()).map(ProcessHandle::isAlive).orElse(false);
        } catch (RuntimeException e) {
            ownerAlive = true; // cannot tell: rely on age
        }
        return !ownerAlive || ageMillis(file.path(), realNow) > settings.staleClaimAge().toMillis();
    }

    /** Batches sorted oldest first; claimed ones only when asked. */
    private List<SpoolFile> batches(boolean includeClaimed) throws IOException {
        List<SpoolFile> result = new ArrayList<>();
        if (!StateFolder.usable(directory)) { // absent, a link, or not the user's own
            return result;
        }
        // no glob: Files.newDirectoryStream(dir, glob) compiles a regular expression
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path path : stream) {
                if (!path.getFileName().toString().startsWith(SpoolFile.PREFIX)) {
                    continue;
                }
                SpoolFile file = SpoolFile.parse(path);
                if (file != null && (includeClaimed || !file.claimed())) {
                    result.add(file);
                }
            }
        }
        result.sort(BY_NAME);
        return result;
    }

    private List<Path> list() throws IOException {
        List<Path> result = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path path : stream) {
                result.add(path);
            }
        }
        return result;
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            throw new IOException("cannot rename " + from.getFileName() + " atomically", e);
        }
    }

    private static long ageMillis(Path path, long realNow) {
        try {
            return realNow - Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** {@code File.length}: one {@code stat}, without the attribute objects of {@code Files.size}; 0 when gone. */
    private static long sizeOrZero(Path path) {
        return path.toFile().length();
    }
}
