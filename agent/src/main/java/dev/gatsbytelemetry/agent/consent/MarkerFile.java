package dev.gatsbytelemetry.agent.consent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Creates the config file holding one {@code true} key when there is no file yet, without Jackson,
 * following {@code TelemetryConfigFile}'s protocol: an exclusive lock on the sibling
 * {@code config.json.lock}, a re-check under it, a temporary file in the same directory renamed into
 * place. Anything else (the file exists, the lock is busy) is left to {@code TelemetryConfigFile}.
 */
final class MarkerFile {

    private MarkerFile() {
    }

    /**
     * @param dottedKey a two-part key such as {@code telemetry.noticeShown}
     * @return true when this call created the file; false when a file exists or the lock is busy
     */
    static boolean createIfAbsent(Path file, String dottedKey) throws IOException {
        int dot = dottedKey.indexOf('.');
        String json = "{\n  \"" + dottedKey.substring(0, dot) + "\" : {\n    \"" + dottedKey.substring(dot + 1)
                + "\" : true\n  }\n}\n";
        Path target = file.toAbsolutePath().normalize();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return false;
            }
            if (lock == null) {
                return false;
            }
            try {
                if (Files.exists(target)) {
                    return false;
                }
                Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
                try {
                    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                        ByteBuffer buffer = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
                        while (buffer.hasRemaining()) {
                            out.write(buffer);
                        }
                        out.force(true);
                    }
                    try {
                        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(temp, target);
                    }
                    return true;
                } finally {
                    Files.deleteIfExists(temp);
                }
            } finally {
                lock.release();
            }
        }
    }
}
