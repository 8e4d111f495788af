package dev.gatsbytelemetry.agent.instrumentation;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import dev.gatsbytelemetry.agent.files.PrivateFiles;
import dev.gatsbytelemetry.agent.files.StateFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes, prunes and deletes the {@link HookedClassCache}'s files. Used off the startup path only
 * (the recorder's thread, the exit hook, the {@code telemetry} command).
 */
final class HookedClassDirectory {

    static final String SUFFIX = ".hooked";
    private static final String TEMP_SUFFIX = ".part";
    private static final long STALE_TEMP_MILLIS = 3_600_000;

    private HookedClassDirectory() {
    }

    /** Writes a file crash-safely: a temporary file, then an atomic move, so no reader sees it half-written. */
    static void write(Path directory, String name, byte[] content) throws IOException {
        StateFolder.ensure(directory); // 0700, the user's own, no link: else refused
        Path temp = directory.resolve(name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
        try {
            PrivateFiles.writeNew(temp, content); // 0600
            PrivateFiles.moveAtomically(temp, directory.resolve(name));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Deletes the oldest entries beyond {@code keep}, and temporary files left by writers that died
     * more than an hour ago. Does nothing when the directory does not exist.
     */
    static void prune(Path directory, int keep) throws IOException {
        if (!StateFolder.usable(directory)) {
            return;
        }
        List<Path> entries = new ArrayList<>();
        List<Long> modified = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                long lastModified;
                try {
                    lastModified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
                } catch (NoSuchFileException e) {
                    // deleted since the listing: a lookup rejecting a damaged entry, or another run
                    continue;
                }
                if (name.endsWith(TEMP_SUFFIX) && now - lastModified > STALE_TEMP_MILLIS) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(SUFFIX) || !name.endsWith(TEMP_SUFFIX)) {
                    // anything else that is not a temporary file counts against the bound too
                    entries.add(file);
                    modified.add(lastModified);
                }
            }
        }
        while (entries.size() > keep) {
            int oldest = 0;
            for (int i = 1; i < entries.size(); i++) {
                if (modified.get(i) < modified.get(oldest)) {
                    oldest = i;
                }
            }
            Files.deleteIfExists(entries.remove(oldest));
            modified.remove(oldest);
        }
    }

    /** The number of entries and their total bytes; zeros when there is no directory. Never throws. */
    static long[] size(Path directory) {
        long entries = 0;
        long bytes = 0;
        if (StateFolder.usable(directory)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    long size = PrivateFiles.regularFileSize(file);
                    if (size >= 0 && file.getFileName().toString().endsWith(SUFFIX)) {
                        entries++;
                        bytes += size;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // what was counted so far
            }
        }
        return new long[] {entries, bytes};
    }

    /** Deletes the directory and everything in it; returns whether nothing of it is left. */
    static boolean deleteAll(Path directory) {
        String problem = PrivateFiles.folderProblem(directory);
        if ("does not exist".equals(problem)) {
            return true;
        }
        try {
            if (problem != null && (problem.startsWith("is owned") || problem.startsWith("is writable")
                    || problem.startsWith("cannot"))) {
                return false; // not the user's own folder: left alone, reported
            }
            if (problem != null) {
                // absent, or a link or file in its place: remove that entry itself, never what a link points to
                Files.deleteIfExists(directory);
                return true;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(directory);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
