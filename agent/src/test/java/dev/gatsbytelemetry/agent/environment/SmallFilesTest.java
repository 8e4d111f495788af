package dev.gatsbytelemetry.agent.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmallFilesTest {

    @TempDir
    Path folder;

    private List<String> lines(Path file) {
        List<String> seen = new ArrayList<>();
        SmallFiles.anyLine(file, new Predicate<String>() {
            @Override
            public boolean test(String line) {
                seen.add(line);
                return false;
            }
        });
        return seen;
    }

    private static List<String> readLineSplit(String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
            for (String line; (line = reader.readLine()) != null; ) {
                out.add(line);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n", "\n\n", "a\rb\n\nc", "\r\n\r", "model name\t: AMD EPYC\nx"})
    void splitsLinesAsBufferedReaderDoes(String text) throws IOException {
        Path file = folder.resolve("f");
        Files.writeString(file, text);

        assertThat(lines(file)).isEqualTo(readLineSplit(text));
    }

    @Test
    void decodesUtf8() throws IOException {
        Path file = folder.resolve("f");
        Files.write(file, "Caf\u00e9 \u2603\n".getBytes(StandardCharsets.UTF_8));

        assertThat(lines(file)).containsExactly("Caf\u00e9 \u2603");
    }

    @Test
    void stopsAtTheFirstAcceptedLine() throws IOException {
        Path file = folder.resolve("f");
        Files.writeString(file, "a\nb\nc\n");
        List<String> seen = new ArrayList<>();

        boolean accepted = SmallFiles.anyLine(file, new Predicate<String>() {
            @Override
            public boolean test(String line) {
                seen.add(line);
                return line.equals("b");
            }
        });

        assertThat(accepted).isTrue();
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void linesAcrossReadChunksAndACrLfSplitBetweenThemAreWhole() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 40_000; i++) {
            text.append("line-").append(i).append(i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\n" : "\r");
        }
        // a CR LF whose two bytes arrive in different reads (the first chunk is 8 KiB)
        String padded = "x".repeat(8 * 1024 - 1) + "\r\nafter\n" + text;
        Path file = folder.resolve("f");
        Files.writeString(file, padded);

        assertThat(lines(file)).isEqualTo(readLineSplit(padded));
    }

    @Test
    void readsNoMoreThanTheBound() throws IOException {
        Path file = folder.resolve("big");
        byte[] big = new byte[SmallFiles.MAX_BYTES + 10];
        Arrays.fill(big, (byte) 'x');
        big[SmallFiles.MAX_BYTES + 5] = '\n';
        Files.write(file, big);

        List<String> seen = lines(file);

        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).hasSize(SmallFiles.MAX_BYTES);
    }

    @Test
    void missingFileOrFolderOrFailingVisitorIsNothing() {
        assertThat(lines(folder.resolve("absent"))).isEmpty();
        assertThat(lines(folder)).isEmpty();
        assertThat(SmallFiles.anyLine(folder, new Predicate<String>() {
            @Override
            public boolean test(String line) {
                throw new IllegalStateException("visitor failed");
            }
        })).isFalse();
    }
}
