package dev.gatsbytelemetry.agent.environment;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Bounded line-by-line reading of small system files such as {@code /proc/self/cgroup}.
 *
 * <p>Implementation notes: a {@link FileInputStream} and a byte loop, not {@code Files.newInputStream}
 * with a {@code BufferedReader}. On a tool that does no file I/O of its own (a {@code --version}, a
 * tiny CLI) these reads were the run's first use of NIO channels and of a charset decoder: ~35 JDK
 * classes, {@code sun.nio.ch.IOUtil}'s native library loading, all on the recorder's first event,
 * ~3 ms of CPU for a 2 KB {@code /proc/cpuinfo} (docs/architecture.md, "Startup", session 5).
 */
final class SmallFiles {

    /** Never read more than this from a single file: these files are tiny; anything bigger is odd. */
    static final int MAX_BYTES = 256 * 1024;

    private SmallFiles() {}

    /**
     * Feeds the lines of {@code file} (ended by {@code \n}, {@code \r} or {@code \r\n}, as
     * {@code BufferedReader.readLine} splits them; UTF-8) to {@code visitor} until it returns true;
     * at most the first {@value #MAX_BYTES} bytes are read. Returns whether the visitor accepted a
     * line; false when the file is missing or unreadable. Reads until the end rather than trusting a
     * size, since {@code /proc} files report size 0.
     */
    static boolean anyLine(Path file, Predicate<String> visitor) {
        byte[] bytes;
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            bytes = in.readNBytes(MAX_BYTES);
        } catch (IOException | RuntimeException e) {
            return false; // missing, unreadable, or not a file: nothing to report
        }
        try {
            int start = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i < bytes.length && bytes[i] != '\n' && bytes[i] != '\r') {
                    continue;
                }
                if (i == bytes.length && start == i) {
                    break; // no empty last line after a final line end, as readLine
                }
                if (visitor.test(new String(bytes, start, i - start, StandardCharsets.UTF_8))) {
                    return true;
                }
                if (i + 1 < bytes.length && bytes[i] == '\r' && bytes[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        } catch (RuntimeException e) {
            // a visitor that fails finds nothing
        }
        return false;
    }
}
