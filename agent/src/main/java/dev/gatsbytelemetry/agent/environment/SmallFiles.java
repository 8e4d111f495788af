package dev.gatsbytelemetry.agent.environment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/** Bounded line-by-line reading of small system files such as {@code /proc/self/cgroup}. */
final class SmallFiles {

    /** Never read more than this from a single file: these files are tiny; anything bigger is odd. */
    static final int MAX_BYTES = 256 * 1024;

    private SmallFiles() {}

    /**
     * Feeds the lines of {@code file} to {@code visitor} until it returns true or the byte budget
     * is spent. Returns whether the visitor accepted a line; false when the file is missing or
     * unreadable. Uses {@code InputStream} rather than {@code Files.size}, since {@code /proc}
     * files report size 0.
     */
    static boolean anyLine(Path file, Predicate<String> visitor) {
        try (InputStream in = Files.newInputStream(file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(
                     new BoundedInputStream(in, MAX_BYTES), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (visitor.test(line)) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Missing, unreadable, or not a file: nothing to report.
        }
        return false;
    }

    /** Stops returning bytes after a fixed budget. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
