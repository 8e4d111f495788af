package dev.gatsbytelemetry.agent.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file or folder the agent refuses to use: a symbolic link, not a regular file, too large, owned
 * by another user or writable by others. The message is one line, for debug output and
 * {@code telemetry --status}.
 */
public final class UnsafeFileException extends IOException {

    private static final long serialVersionUID = 1L;

    UnsafeFileException(Path path, String why) {
        super(path + " " + why);
    }
}
