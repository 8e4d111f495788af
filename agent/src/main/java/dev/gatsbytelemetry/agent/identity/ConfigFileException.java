package dev.gatsbytelemetry.agent.identity;

import java.nio.file.Path;

/**
 * The telemetry config file could not be read or written. The message is written for people: a
 * caller can print it as is (for example once, in debug mode).
 */
public final class ConfigFileException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The file exists but is not a JSON object. {@link TelemetryConfigFile#update} can repair it. */
        CORRUPT,
        /** The file or its directory cannot be read or written (permissions, disk, too large, no location). */
        IO,
        /** Another process held the config lock for longer than the configured timeout. */
        LOCK_TIMEOUT
    }

    private final Kind kind;
    private final transient Path path;

    ConfigFileException(Kind kind, Path path, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.path = path;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The config file concerned; null when no location could be determined. */
    public Path path() {
        return path;
    }
}
