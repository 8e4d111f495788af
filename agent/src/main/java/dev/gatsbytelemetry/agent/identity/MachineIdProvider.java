package dev.gatsbytelemetry.agent.identity;

import dev.gatsbytelemetry.agent.config.ConfigFileFacts;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Provides the persistent machine id of one tool, stored at {@code machineIds.<componentId>} in the
 * agent's config file: each tool (componentId) gets its own random id, so the datasets of two
 * unrelated tools used on one machine cannot be joined by it. Gatsby's own machine id is never
 * read or sent.
 *
 * <p>When the key is absent, a version 4 UUID from {@link SecureRandom} is written "only if still
 * absent", under the config file's cross-process lock: when two JVMs start at the same moment on
 * a fresh machine, the second re-reads the file under the lock, finds the first one's id and
 * adopts it, so both report the same machine.
 *
 * <p>When the file is corrupt or cannot be written, the id falls back to an in-memory
 * {@value #FALLBACK_PREFIX}UUID with a {@link MachineId#problem() problem} saying why. A corrupt
 * file is deliberately <em>not</em> repaired here: this runs silently on a background thread in
 * somebody else's tool, and moving a user's file aside should follow an explicit user action
 * ({@link TelemetryConfigFile#update(Map)}, e.g. from an "enable telemetry" command).
 *
 * <p>The result is computed once per provider and then cached. {@link #get()} never throws.
 */
public final class MachineIdProvider {

    /** The dotted config key holding the machine id of tool {@code componentId}. */
    public static String key(String componentId) {
        return ConfigFileFacts.MACHINE_IDS + "." + ConfigFileFacts.machineIdSegment(componentId == null ? "" : componentId);
    }

    /** Prefix of ids that could not be persisted. */
    public static final String FALLBACK_PREFIX = "not-a-machine-id-";

    /** Stored ids longer than this are treated as garbage and replaced. */
    private static final int MAX_LENGTH = 256;

    private final TelemetryConfigFile config;
    private final String key;
    private final Random random;
    private MachineId cached;

    /** The id of tool {@code componentId}, backed by {@code config}, generated from the OS's entropy. */
    public MachineIdProvider(TelemetryConfigFile config, String componentId) {
        this(config, componentId, null);
    }

    /** As {@link #MachineIdProvider(TelemetryConfigFile, String)} with an explicit random source (tests). */
    MachineIdProvider(TelemetryConfigFile config, String componentId, Random random) {
        this.config = config;
        this.key = key(componentId);
        this.random = random;
    }

    /**
     * The machine id as already read from the config file (at startup), or {@code null} when that
     * value is not a usable id and the file must be asked. Never throws.
     */
    public static MachineId stored(String value) {
        Optional<String> id = valid(Optional.ofNullable(value));
        return id.isPresent() ? new MachineId(id.get(), true, null) : null;
    }

    /** An id for this process only, when the agent's folder is not used ({@code why}). */
    public static MachineId temporary(String why) {
        return new MachineId(FALLBACK_PREFIX + strongRandomV4(), false, why);
    }

    /** The machine id; computed on first call, then cached. Never throws. */
    public synchronized MachineId get() {
        if (cached == null) {
            cached = compute();
        }
        return cached;
    }

    private MachineId compute() {
        try {
            if (config == null) {
                return fallback("no telemetry config file was given");
            }
            Optional<String> existing = valid(config.read().getString(key));
            if (existing.isPresent()) {
                return new MachineId(existing.get(), true, null);
            }
            String fresh = random != null ? Uuids.randomV4(random) : strongRandomV4();
            UpdateResult result = config.update(
                    current -> valid(current.getString(key)).isPresent() ? Map.of() : Map.of(key, fresh),
                    TelemetryConfigFile.OnCorrupt.FAIL);
            Optional<String> stored = valid(result.after().getString(key));
            return stored.isPresent()
                    ? new MachineId(stored.get(), true, null)
                    : fallback("the machine id could not be stored in " + config.path());
        } catch (ConfigFileException e) {
            return fallback(e.getMessage() + "; using a temporary machine id"
                    + (e.kind() == ConfigFileException.Kind.CORRUPT ? " (fix or delete the file to get a lasting one)" : ""));
        } catch (RuntimeException | LinkageError e) {
            return fallback("the telemetry config could not be used (" + e + "); using a temporary machine id");
        }
    }

    private MachineId fallback(String problem) {
        return new MachineId(FALLBACK_PREFIX + (random != null ? Uuids.randomV4(random) : strongRandomV4()),
                false, problem);
    }

    /** A stored id counts when it is a non-blank string of sane length; it is returned trimmed. */
    private static Optional<String> valid(Optional<String> stored) {
        if (stored.isEmpty()) {
            return stored;
        }
        String id = stored.get().trim();
        return id.isEmpty() || id.length() > MAX_LENGTH ? Optional.empty() : Optional.of(id);
    }

    /**
     * A version 4 UUID from the operating system's entropy: {@code /dev/urandom} read directly where
     * it exists (a few microseconds), else {@link java.security.SecureRandom}, whose first use loads
     * the security providers (tens of milliseconds on the recorder thread, which at a short
     * command's exit is exit delay).
     */
    private static String strongRandomV4() {
        byte[] bytes = new byte[16];
        try (java.io.FileInputStream in = new java.io.FileInputStream("/dev/urandom")) {
            if (in.readNBytes(bytes, 0, 16) == 16) {
                return Uuids.fromBytes(bytes);
            }
        } catch (java.io.IOException | SecurityException e) {
            // no /dev/urandom (Windows): fall back
        }
        return Uuids.randomV4(new java.security.SecureRandom());
    }
}
