package dev.gatsbytelemetry.agent.instrumentation;

import dev.gatsbytelemetry.agent.identity.ConfigFileException;
import dev.gatsbytelemetry.agent.identity.TelemetryConfigFile;
import dev.gatsbytelemetry.agent.identity.UpdateResult;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The per-user random key that authenticates the hooked-class cache's entries: 32 bytes from the
 * operating system's entropy, kept Base64-encoded at {@value #KEY} in the agent's private config
 * file (0600 in a 0700 folder), which premain reads anyway, so checking an entry costs no extra
 * file. Someone who can write the cache folder but not read the config file cannot make an entry
 * the agent accepts. The key is made on the recorder's thread, the first time an entry is written.
 */
public final class HookedClassKey {

    /** The config key. */
    public static final String KEY = "hookedClassKey";
    private static final int BYTES = 32;
    private static final long MAX_LOCK_WAIT_NANOS = 200_000_000L;

    private final Path configFile;
    private byte[] key;

    /**
     * @param configFile the agent's config file
     * @param stored     the key as read at startup, or null
     */
    public HookedClassKey(Path configFile, String stored) {
        this.configFile = configFile;
        this.key = decode(stored);
    }

    /** The key, or null when none is stored yet (then every lookup misses). */
    synchronized byte[] forReading() {
        return key;
    }

    /**
     * The key, made and stored first when absent; null when it cannot be stored by
     * {@code deadlineNanos} ({@link System#nanoTime()} scale), waiting at most 200 ms for the config
     * file's lock: this runs on the recorder's thread, also within the exit budget, and many JVMs
     * starting together on a fresh home all want the lock once. Never throws.
     */
    synchronized byte[] forWriting(long deadlineNanos) {
        if (key != null) {
            return key;
        }
        // never long: the cache is an optimisation, and the recorder's thread has events to complete
        long remaining = Math.min(deadlineNanos - System.nanoTime(), MAX_LOCK_WAIT_NANOS);
        if (remaining <= 0) {
            return null;
        }
        try {
            String fresh = Base64.getEncoder().encodeToString(random());
            UpdateResult result = new TelemetryConfigFile(configFile, java.time.Duration.ofNanos(remaining)).update(
                    current -> current.getString(KEY).map(HookedClassKey::decode).isPresent() ? Map.of() : Map.of(KEY, fresh),
                    TelemetryConfigFile.OnCorrupt.FAIL);
            Optional<String> stored = result.after().getString(KEY);
            key = stored.map(HookedClassKey::decode).orElse(null);
        } catch (ConfigFileException | RuntimeException e) {
            return null; // another attempt, with the next entries
        }
        return key;
    }

    /**
     * The key as stored in the config file (Base64 of 32 bytes), or null when it is missing or
     * malformed. Also read by the command-word cache, which signs its lines with the same key.
     */
    public static byte[] decode(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(stored.trim());
            return bytes.length == BYTES ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** /dev/urandom where it exists (microseconds); SecureRandom elsewhere. */
    private static byte[] random() {
        byte[] bytes = new byte[BYTES];
        try (FileInputStream in = new FileInputStream("/dev/urandom")) {
            if (in.readNBytes(bytes, 0, BYTES) == BYTES) {
                return bytes;
            }
        } catch (IOException | SecurityException e) {
            // no /dev/urandom (Windows)
        }
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
