package dev.gatsbytelemetry.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentJarFingerprintTest {

    @TempDir
    Path directory;

    @Test
    void theSameEntriesGiveTheSameFingerprintAndAnyChangeAnother() throws IOException {
        Map<String, String> entries = new TreeMap<>(Map.of("a/A.class", "alpha", "b/B.class", "beta"));
        String first = AgentJarFingerprint.of(jar("one.jar", entries, null).toFile());
        String copy = AgentJarFingerprint.of(jar("two.jar", entries, null).toFile());
        entries.put("b/B.class", "betA");
        String changed = AgentJarFingerprint.of(jar("three.jar", entries, null).toFile());

        assertThat(first).isNotNull().isEqualTo(copy).isNotEqualTo(changed);
        assertThat(changed).isNotNull();
    }

    @Test
    void aJarWithACommentIsStillRead() throws IOException {
        Map<String, String> entries = Map.of("a/A.class", "alpha");
        assertThat(AgentJarFingerprint.of(jar("commented.jar", entries, "built by a test").toFile()))
                .isEqualTo(AgentJarFingerprint.of(jar("plain.jar", entries, null).toFile()));
    }

    @Test
    void whatIsNotAZipHasNoFingerprint() throws IOException {
        Path text = Files.writeString(directory.resolve("not.jar"), "just text, long enough to hold an end record");
        assertThat(AgentJarFingerprint.of(text.toFile())).isNull();
        assertThat(AgentJarFingerprint.of(Files.write(directory.resolve("empty.jar"), new byte[0]).toFile())).isNull();
        assertThat(AgentJarFingerprint.of(directory.resolve("missing.jar").toFile())).isNull();
    }

    @Test
    void classesRunFromADirectoryHaveNoAgentJarFingerprint() {
        // Unit tests load the agent's classes from target/classes: the cache is then off.
        assertThat(AgentJarFingerprint.ofAgentJar()).isNull();
    }

    private Path jar(String name, Map<String, String> entries, String comment) throws IOException {
        Path jar = directory.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> entry : new TreeMap<>(entries).entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setTime(0);
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue().getBytes());
                zip.closeEntry();
            }
            if (comment != null) {
                zip.setComment(comment);
            }
        }
        return jar;
    }
}
