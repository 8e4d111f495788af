package dev.gatsbytelemetry.agent.identity;

import dev.gatsbytelemetry.agent.config.ConfigFileLocation;
import dev.gatsbytelemetry.agent.config.TinyJson;
import dev.gatsbytelemetry.agent.event.JsonWriter;
import dev.gatsbytelemetry.agent.event.Timestamps;
import dev.gatsbytelemetry.agent.files.PrivateFiles;
import dev.gatsbytelemetry.agent.files.StateFolder;
import dev.gatsbytelemetry.agent.files.UnsafeFileException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The agent's own config file, {@code $XDG_CONFIG_HOME/gatsby-telemetry-agent/config.json} (normally
 * {@code ~/.config/gatsby-telemetry-agent/config.json}), holding nested keys such as
 * {@code {"telemetry": {"enabled": true, "noticeShown": true}, "machineIds": {"sitegen": "…"}}}.
 * Every key this class does not touch is preserved. Gatsby's own file is never written.
 *
 * <p><b>Safety</b>: the folder must be the user's own and private, the file and its lock are never
 * opened through a link or when not regular files, reads are bounded, and the file is created 0600
 * ({@link PrivateFiles}).
 *
 * <p><b>Reading</b> parses the file afresh each time (it is tiny); an absent or blank file reads as
 * an empty object, anything that is not a JSON object raises {@link ConfigFileException} of kind
 * {@link ConfigFileException.Kind#CORRUPT CORRUPT}.
 *
 * <p><b>Writing</b> ({@link #update(Map)}) is safe against concurrent writers in other JVMs and
 * threads: it takes an exclusive lock on the sibling file {@code config.json.lock} (left in place:
 * deleting a lock file races with the next locker), re-reads the file under the lock, applies the
 * changes, writes a temporary file in the same directory and renames it over the original
 * atomically. When the changes are already in place nothing is locked, created or written:
 * Gatsby rewrote its config on every start, which failed on Windows when another process had the
 * file open (gatsby#32260). A corrupt file is moved aside to {@code config.json.corrupt-<UTC timestamp>} and
 * replaced by a fresh object, so nothing the user had is destroyed, unless the caller asks to fail
 * instead ({@link OnCorrupt#FAIL}).
 *
 * <p>Instances are immutable and thread-safe. Methods report problems only through
 * {@link ConfigFileException}; a programming error (an invalid key or value type) raises
 * {@link IllegalArgumentException}.
 */
public final class TelemetryConfigFile {

    /** Default wait for another process's lock before giving up. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

    /** Files bigger than this are refused: a config this large is not ours to parse on a background thread. */
    static final long MAX_BYTES = 1024 * 1024;

    /** One in-JVM lock per file: {@code FileChannel.lock} is per process and throws when re-entered. */
    private static final Map<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    /** What {@link #update} does with a file that is not valid JSON. */
    public enum OnCorrupt {
        /** Move it aside to {@code config.json.corrupt-<timestamp>} and start from an empty object. */
        MOVE_ASIDE,
        /** Leave it untouched and throw {@link ConfigFileException.Kind#CORRUPT}. */
        FAIL
    }

    private final Path file;
    private final Duration lockTimeout;

    /** The config file at {@code file}; null means "no usable location" and every call fails with IO. */
    public TelemetryConfigFile(Path file) {
        this(file, DEFAULT_LOCK_TIMEOUT);
    }

    /** As {@link #TelemetryConfigFile(Path)}, waiting at most {@code lockTimeout} for the lock. */
    public TelemetryConfigFile(Path file, Duration lockTimeout) {
        this.file = file == null ? null : file.toAbsolutePath().normalize();
        this.lockTimeout = lockTimeout == null || lockTimeout.isNegative() ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
    }

    /**
     * Where Gatsby keeps its config: {@code $XDG_CONFIG_HOME/gatsby/config.json} when that variable
     * holds an absolute path (the XDG spec says to ignore relative ones), else
     * {@code <userHome>/.config/gatsby/config.json}. Null when neither is usable. Never throws.
     */
    public static Path defaultLocation(Map<String, String> env, String userHome) {
        try {
            Map<String, String> environment = env == null ? Map.of() : env;
            String xdg = environment.get("XDG_CONFIG_HOME");
            boolean xdgUsable = xdg != null && !xdg.isBlank() && Path.of(xdg.trim()).isAbsolute();
            if (!xdgUsable && (userHome == null || userHome.isBlank())) {
                return null;
            }
            return ConfigFileLocation.configFile(environment, userHome == null ? "" : userHome);
        } catch (RuntimeException e) {
            return null; // an unparsable path: no location
        }
    }

    /** The file at {@code override} when given, else at {@link #defaultLocation}. Never throws. */
    public static TelemetryConfigFile locate(Path override, Map<String, String> env, String userHome) {
        return new TelemetryConfigFile(override != null ? override : defaultLocation(env, userHome));
    }

    /** The default location for this process's environment and {@code user.home}. Never throws. */
    public static TelemetryConfigFile fromSystem() {
        Map<String, String> env;
        String home;
        try {
            env = System.getenv();
            home = System.getProperty("user.home");
        } catch (SecurityException e) {
            env = Map.of();
            home = null;
        }
        return locate(null, env, home);
    }

    /** The file's absolute path; null when no location could be determined. */
    public Path path() {
        return file;
    }

    /** The file's current content. */
    public ConfigSnapshot read() throws ConfigFileException {
        Path target = requirePath();
        try {
            Map<String, Object> root = parse(target);
            return root == null ? new ConfigSnapshot(emptyObject(), false) : new ConfigSnapshot(root, true);
        } catch (ConfigFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw io(target, "cannot be read", e);
        }
    }

    /** Shorthand for {@code read().getString(dottedKey)}. */
    public Optional<String> getString(String dottedKey) throws ConfigFileException {
        return read().getString(dottedKey);
    }

    /** Shorthand for {@code read().getBoolean(dottedKey)}. */
    public Optional<Boolean> getBoolean(String dottedKey) throws ConfigFileException {
        return read().getBoolean(dottedKey);
    }

    /**
     * Sets each dotted key to its value ({@link String}, {@link Boolean}, a {@link Number}, or null
     * to remove the key), repairing a corrupt file by moving it aside. See the class description
     * for the locking and write-only-on-change rules.
     */
    public UpdateResult update(Map<String, Object> dottedKeyValues) throws ConfigFileException {
        return update(current -> dottedKeyValues, OnCorrupt.MOVE_ASIDE);
    }

    /**
     * Computes the changes from the content read <em>under the lock</em>, then applies them as
     * {@link #update(Map)} does. This is how to "create only if still absent": return an empty map
     * when {@code current} already has the value.
     *
     * <p>{@code changes} may be called twice (once on an unlocked read, to skip locking when nothing
     * would change, then under the lock), so it must not have side effects. An exception it throws
     * propagates to the caller.
     *
     * @param changes   given the current content, returns dotted key → new value (empty: no change)
     * @param onCorrupt what to do when the file on disk is not valid JSON
     */
    public UpdateResult update(Function<ConfigSnapshot, Map<String, Object>> changes, OnCorrupt onCorrupt)
            throws ConfigFileException {
        Path target = requirePath();
        UpdateResult unchanged = unchangedWithoutLock(target, changes);
        if (unchanged != null) {
            return unchanged;
        }
        ReentrantLock inProcess = IN_PROCESS_LOCKS.computeIfAbsent(target, p -> new ReentrantLock());
        try {
            if (!inProcess.tryLock(lockTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ConfigFileException(ConfigFileException.Kind.LOCK_TIMEOUT, target,
                        "telemetry config " + target + " is locked by another thread", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw io(target, "was not updated (interrupted)", e);
        }
        try {
            return updateLocked(target, changes, onCorrupt == null ? OnCorrupt.MOVE_ASIDE : onCorrupt);
        } finally {
            inProcess.unlock();
        }
    }

    /**
     * Fast path: when the changes are already in place in the current content, nothing is locked,
     * created or written. Any content read is a consistent version (writers rename atomically),
     * so "unchanged" is a correct answer as of that read. Null when a locked update is needed.
     */
    private static UpdateResult unchangedWithoutLock(Path target, Function<ConfigSnapshot, Map<String, Object>> changes) {
        Map<String, Object> current;
        try {
            current = parse(target);
        } catch (ConfigFileException | IOException | RuntimeException e) {
            return null; // let the locked path report or repair it
        }
        boolean exists = current != null;
        if (current == null) {
            current = emptyObject();
        }
        ConfigSnapshot snapshot = new ConfigSnapshot(current, exists);
        Map<String, Object> wanted = changes.apply(snapshot);
        Map<String, Object> updated = ConfigSnapshot.deepCopy(current);
        if (wanted != null) {
            for (Map.Entry<String, Object> change : wanted.entrySet()) {
                apply(updated, change.getKey(), change.getValue());
            }
        }
        return updated.equals(current) ? new UpdateResult(false, null, snapshot) : null;
    }

    private UpdateResult updateLocked(Path target, Function<ConfigSnapshot, Map<String, Object>> changes,
                                      OnCorrupt onCorrupt) throws ConfigFileException {
        Path dir = target.getParent();
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        try {
            new StateFolder(dir).create(null);
        } catch (UnsafeFileException e) {
            throw io(target, "is not written: " + e.getMessage(), null);
        } catch (IOException | RuntimeException e) {
            throw io(target, "cannot be written: its directory cannot be created", e);
        }
        try (FileChannel channel = PrivateFiles.openForUpdate(lockFile);
             FileLock ignored = acquire(channel, target)) {
            Map<String, Object> current;
            boolean exists;
            Path movedAside = null;
            try {
                current = parse(target);
                exists = current != null;
                if (current == null) {
                    current = emptyObject();
                }
            } catch (ConfigFileException e) {
                if (e.kind() != ConfigFileException.Kind.CORRUPT || onCorrupt == OnCorrupt.FAIL) {
                    throw e;
                }
                movedAside = moveAside(target);
                current = emptyObject();
                exists = false;
            }
            ConfigSnapshot before = new ConfigSnapshot(current, exists);
            Map<String, Object> wanted = changes.apply(before);
            Map<String, Object> updated = ConfigSnapshot.deepCopy(current);
            if (wanted != null) {
                for (Map.Entry<String, Object> change : wanted.entrySet()) {
                    apply(updated, change.getKey(), change.getValue());
                }
            }
            if (updated.equals(current)) {
                return new UpdateResult(false, movedAside, before);
            }
            writeAtomically(target, updated);
            return new UpdateResult(true, movedAside, new ConfigSnapshot(updated, true));
        } catch (ConfigFileException e) {
            throw e;
        } catch (IOException e) {
            throw io(target, "cannot be written", e);
        }
    }

    /**
     * Waits for the cross-process lock, polling so the wait is bounded. File systems that do not
     * support locking (some network mounts) get no lock: the atomic rename still keeps the file
     * whole, only the "re-read under the lock" guarantee is lost there.
     */
    private FileLock acquire(FileChannel channel, Path target) throws ConfigFileException {
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        long sleepMillis = 5;
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // Another class loader's copy of this class holds it in this JVM: wait like for a process.
            } catch (IOException e) {
                return null;
            }
            if (System.nanoTime() > deadline) {
                throw new ConfigFileException(ConfigFileException.Kind.LOCK_TIMEOUT, target,
                        "telemetry config " + target + " stayed locked by another process for "
                                + lockTimeout.toMillis() + " ms", null);
            }
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw io(target, "was not updated (interrupted)", e);
            }
            sleepMillis = Math.min(50, sleepMillis * 2);
        }
    }

    /**
     * Parses the file; null when absent. Refuses a folder that is not the user's own, and a file
     * that is a link, not a regular file or too large ({@link PrivateFiles}).
     */
    private static Map<String, Object> parse(Path target) throws IOException, ConfigFileException {
        String folderProblem = new StateFolder(target.getParent()).problem();
        if (folderProblem != null) {
            throw io(target, "is not used: " + folderProblem, null);
        }
        byte[] bytes;
        try {
            bytes = PrivateFiles.read(target, (int) MAX_BYTES);
        } catch (UnsafeFileException e) {
            throw io(target, "cannot be read: " + e.getMessage(), null);
        }
        if (bytes == null) {
            return null;
        }
        if (isBlank(bytes)) {
            return emptyObject();
        }
        Object node;
        try {
            int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                    && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
            node = TinyJson.parse(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ConfigFileException(ConfigFileException.Kind.CORRUPT, target,
                    "telemetry config " + target + " is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!(node instanceof Map)) {
            throw new ConfigFileException(ConfigFileException.Kind.CORRUPT, target,
                    "telemetry config " + target + " does not hold a JSON object", null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) node;
        return root;
    }

    private static boolean isBlank(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            if (!Character.isWhitespace(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    private static Path moveAside(Path target) throws ConfigFileException {
        String stamp = Timestamps.compactUtc(System.currentTimeMillis());
        for (int attempt = 0; attempt < 100; attempt++) {
            Path aside = target.resolveSibling(target.getFileName() + ".corrupt-" + stamp
                    + (attempt == 0 ? "" : "-" + attempt));
            try {
                Files.move(target, aside);
                return aside;
            } catch (FileAlreadyExistsException e) {
                // Try the next suffix.
            } catch (IOException e) {
                throw io(target, "is corrupt and could not be moved aside", e);
            }
        }
        throw io(target, "is corrupt and could not be moved aside", null);
    }

    private static void writeAtomically(Path target, Map<String, Object> content) throws IOException {
        byte[] json = JsonWriter.writePretty(content).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(json, json.length + 1);
        bytes[json.length] = '\n';
        // A private temporary file (0600 at creation), then a rename, so the file is never half
        // written and never readable by others. Not Files.createTempFile: its random names come from
        // SecureRandom, whose first use loads the security providers (tens of milliseconds).
        for (int attempt = 0; ; attempt++) {
            try {
                PrivateFiles.writeAtomically(target, bytes);
                return;
            } catch (AccessDeniedException e) {
                // Windows: a rename fails while another process has the target open; retry briefly
                if (attempt >= 3) {
                    throw e;
                }
                try {
                    Thread.sleep(20L * (attempt + 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> root, String dottedKey, Object value) {
        String[] parts = DottedKeys.split(dottedKey);
        if (parts == null) {
            throw new IllegalArgumentException("invalid config key: " + dottedKey);
        }
        Object leaf = toNode(dottedKey, value);
        Map<String, Object> parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = parent.get(parts[i]);
            if (!(child instanceof Map)) {
                if (leaf == null) {
                    return; // removing a key under a missing object: nothing to do
                }
                // A non-object where an object is needed cannot hold the key; it is replaced.
                child = new LinkedHashMap<String, Object>();
                parent.put(parts[i], child);
            }
            parent = (Map<String, Object>) child;
        }
        String last = parts[parts.length - 1];
        if (leaf == null) {
            parent.remove(last);
        } else {
            parent.put(last, leaf);
        }
    }

    /** Values as the reader produces them (numbers as {@code Double}), so "unchanged" compares exactly. */
    private static Object toNode(String key, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        throw new IllegalArgumentException("unsupported config value type for " + key + ": " + value.getClass().getName());
    }

    private Path requirePath() throws ConfigFileException {
        if (file == null) {
            throw new ConfigFileException(ConfigFileException.Kind.IO, null,
                    "no location for the telemetry config: neither XDG_CONFIG_HOME nor a home directory is set", null);
        }
        return file;
    }

    private static Map<String, Object> emptyObject() {
        return new LinkedHashMap<>();
    }

    private static ConfigFileException io(Path target, String what, Throwable cause) {
        String detail = cause == null || cause.getMessage() == null ? "" : " (" + cause.getClass().getSimpleName()
                + ": " + cause.getMessage() + ")";
        return new ConfigFileException(ConfigFileException.Kind.IO, target,
                "telemetry config " + target + " " + what + detail, cause);
    }

    @Override
    public String toString() {
        return "TelemetryConfigFile[" + file + "]";
    }
}
