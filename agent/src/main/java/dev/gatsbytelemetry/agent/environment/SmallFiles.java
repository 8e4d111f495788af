package dev.gatsbytelemetry.agent.environment;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
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
    private static final int CHUNK = 8 * 1024;

    private SmallFiles() {}

    /**
     * Feeds the lines of {@code file} (ended by {@code \n}, {@code \r} or {@code \r\n}, as
     * {@code BufferedReader.readLine} splits them; UTF-8) to {@code visitor} until it returns true;
     * at most the first {@value #MAX_BYTES} bytes are read. Returns whether the visitor accepted a
     * line; false when the file is missing or unreadable. Reads in chunks until the end rather than
     * trusting a size, since {@code /proc} files report size 0, and stops reading at the accepted
     * line: the kernel makes {@code /proc/cpuinfo} as it is read, ~1 KB per CPU.
     */
    static boolean anyLine(Path file, Predicate<String> visitor) {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            byte[] data = new byte[CHUNK];
            int length = 0;
            int start = 0;
            boolean afterCr = false;
            while (length < MAX_BYTES) {
                if (length == data.length) {
                    data = Arrays.copyOf(data, Math.min(data.length * 2, MAX_BYTES));
                }
                int n = in.read(data, length, data.length - length);
                if (n < 0) {
                    break;
                }
                for (int i = length; i < length + n; i++) {
                    byte b = data[i];
                    if (afterCr) {
                        afterCr = false;
                        if (b == '\n') {
                            start = i + 1;
                            continue;
                        }
                    }
                    if (b == '\n' || b == '\r') {
                        if (visitor.test(new String(data, start, i - start, StandardCharsets.UTF_8))) {
                            return true;
                        }
                        start = i + 1;
                        afterCr = b == '\r';
                    }
                }
                length += n;
            }
            // the last line, unless the file ended with a line end (readLine returns no empty line then)
            return start < length && visitor.test(new String(data, start, length - start, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return false; // missing, unreadable, not a file, or a visitor that failed: nothing to report
        }
    }
}
