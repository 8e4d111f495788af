package dev.gatsbytelemetry.agent.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent's own private folder, {@code $XDG_CONFIG_HOME/gatsby-telemetry-agent/} (else
 * {@code ~/.config/gatsby-telemetry-agent/}), and its two subfolders {@code events/} (the spool and
 * delivery state) and {@code hooked-classes/} (the class cache). Immutable.
 *
 * <p>A folder that exists but is a symbolic link, is not owned by the user, or is writable by
 * group or others is not used: {@link #problem()} says why in one line, and the run goes on
 * without it (no stored machine id, no spool, no cache). Folders are created 0700, top-down, each
 * checked after creation, so every file the agent touches sits in a chain of folders only the user
 * can change below the XDG base directory.
 */
public final class StateFolder {

    /** The folder's name below the XDG config directory. */
    public static final String NAME = "gatsby-telemetry-agent";
    /** The spool's subfolder. */
    public static final String EVENTS = "events";
    /** The hooked-class cache's subfolder. */
    public static final String HOOKED_CLASSES = "hooked-classes";

    private final Path path;

    /** The folder at {@code path} (normally {@code ConfigFileLocation.directory}). */
    public StateFolder(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** {@code config.json}: the user's choice, the notice marker, the per-tool machine ids. */
    public Path configFile() {
        return path.resolve("config.json");
    }

    /**
     * Why the folder (or, when given, its subfolder {@code sub}) must not be used, in one line, or
     * null when it is fine or does not exist yet. Reads attributes only.
     */
    public String problem(String sub) {
        String top = PrivateFiles.folderProblem(path);
        if (top != null && !top.equals(PrivateFiles.ABSENT)) {
            return path + " " + top;
        }
        if (sub == null || top != null) {
            return null;
        }
        String inner = PrivateFiles.folderProblem(path.resolve(sub));
        return inner == null || inner.equals(PrivateFiles.ABSENT) ? null : path.resolve(sub) + " " + inner;
    }

    /** As {@link #problem(String)} for the folder itself. */
    public String problem() {
        return problem(null);
    }

    /**
     * Creates the folder (and {@code sub} in it, when given) 0700 where absent and checks each;
     * returns the folder made sure of.
     *
     * @throws UnsafeFileException when one of them must not be used
     */
    public Path create(String sub) throws IOException {
        Path parent = path.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            // the XDG base itself: the spec asks for 0700 when it has to be created
            createParents(parent);
        }
        PrivateFiles.createFolder(path);
        if (sub == null) {
            return path;
        }
        Path inner = path.resolve(sub);
        PrivateFiles.createFolder(inner);
        return inner;
    }

    /**
     * Makes sure {@code subfolder} (a folder directly inside a state folder, such as
     * {@code .../gatsby-telemetry-agent/events}) exists and is private, and that its parent lets
     * nobody else replace it ({@link PrivateFiles#parentProblem}); the state folder itself was
     * checked strictly at startup.
     */
    public static Path ensure(Path subfolder) throws IOException {
        Path parent = subfolder.getParent();
        String problem = PrivateFiles.parentProblem(parent);
        if (PrivateFiles.ABSENT.equals(problem)) {
            new StateFolder(parent).create(null);
        } else if (problem != null) {
            throw new UnsafeFileException(parent, problem);
        }
        PrivateFiles.createFolder(subfolder);
        return subfolder;
    }

    /** Whether {@code folder} exists and may be read: a real folder of this user, not writable by others. */
    public static boolean usable(Path folder) {
        return PrivateFiles.folderProblem(folder) == null;
    }

    private static void createParents(Path folder) throws IOException {
        Path parent = folder.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createParents(parent);
        }
        try {
            PrivateFiles.createFolder(folder);
        } catch (UnsafeFileException e) {
            // the XDG base is the user's, not ours: only its creation is our business
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
