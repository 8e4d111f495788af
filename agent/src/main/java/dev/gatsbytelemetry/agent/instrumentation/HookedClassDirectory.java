package dev.gatsbytelemetry.agent.instrumentation;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
        Files.createDirectories(directory);
        Path temp = directory.resolve(name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
        try {
            Files.write(temp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(temp, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Deletes the oldest entries beyond {@code keep}, and temporary files left by writers that died
     * more than an hour ago. Does nothing when the directory does not exist.
     */
    static void prune(Path directory, int keep) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> entries = new ArrayList<>();
        List<Long> modified = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                long lastModified = Files.getLastModifiedTime(file).toMillis();
                if (name.endsWith(TEMP_SUFFIX) && now - lastModified > STALE_TEMP_MILLIS) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(SUFFIX)) {
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
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
                for (Path file : files) {
                    entries++;
                    bytes += Files.size(file);
                }
            } catch (IOException | RuntimeException e) {
                // what was counted so far
            }
        }
        return new long[] {entries, bytes};
    }

    /** Deletes the directory and everything in it; returns whether nothing of it is left. */
    static boolean deleteAll(Path directory) {
        if (!Files.isDirectory(directory)) {
            return true;
        }
        try {
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
