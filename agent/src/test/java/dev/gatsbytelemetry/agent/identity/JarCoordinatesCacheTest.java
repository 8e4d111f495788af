package dev.gatsbytelemetry.agent.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarCoordinatesCacheTest {

    @TempDir
    Path dir;

    private Path state() throws IOException {
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        return state;
    }

    private Path jar(String name, String artifactId, String version) throws IOException {
        return TestJars.jar(dir.resolve("lib").resolve(name), Map.of(),
                Map.of("META-INF/maven/com.example/" + artifactId + "/pom.properties",
                        TestJars.pomProperties(artifactId, version)));
    }

    /** Replaces the coordinates remembered for every line with {@code coordinates}: shows an answer came from the file. */
    private static void rewriteCoordinates(Path file, String coordinates) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.append(line, 0, line.lastIndexOf(' ') + 1).append(coordinates).append('\n');
        }
        Files.writeString(file, out);
    }

    @Test
    void anUnchangedJarIsAnsweredFromTheFileOfAnEarlierRun() throws IOException {
        Path file = state().resolve(JarCoordinatesCache.FILE_NAME);
        Path jar = jar("tool-lib-1.0.jar", "tool-lib", "1.0");
        JarCoordinatesCache first = JarCoordinatesCache.load(file);
        assertEquals("com.example:tool-lib@1.0", first.coordinatesOf(jar));
        assertEquals(1, first.misses());
        assertTrue(first.save());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.readString(file).contains("tool-lib-1.0.jar"), "the path is stored hashed only");
        rewriteCoordinates(file, "org.cached:from-file@9");

        JarCoordinatesCache second = JarCoordinatesCache.load(file);
        assertEquals("org.cached:from-file@9", second.coordinatesOf(jar));
        assertEquals(1, second.hits());
        assertEquals(0, second.misses());
        assertFalse(second.save(), "nothing changed, nothing written");
    }

    @Test
    void aJarWithoutCoordinatesIsRememberedAsHavingNone() throws IOException {
        Path file = state().resolve(JarCoordinatesCache.FILE_NAME);
        Path plain = TestJars.jar(dir.resolve("lib/plain-2.0.jar"), Map.of(), Map.of("a.txt", "a"));
        JarCoordinatesCache first = JarCoordinatesCache.load(file);
        assertNull(first.coordinatesOf(plain));
        assertTrue(first.save());
        JarCoordinatesCache second = JarCoordinatesCache.load(file);
        assertNull(second.coordinatesOf(plain));
        assertEquals(1, second.hits());
    }

    @Test
    void aJarWithAnotherSizeOrModificationTimeIsReadAgain() throws IOException {
        Path file = state().resolve(JarCoordinatesCache.FILE_NAME);
        Path jar = jar("tool-lib-1.0.jar", "tool-lib", "1.0");
        JarCoordinatesCache first = JarCoordinatesCache.load(file);
        first.coordinatesOf(jar);
        first.save();
        rewriteCoordinates(file, "org.cached:from-file@9");

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        JarCoordinatesCache touched = JarCoordinatesCache.load(file);
        assertEquals("com.example:tool-lib@1.0", touched.coordinatesOf(jar));
        assertEquals(1, touched.misses());
        assertTrue(touched.save());
        rewriteCoordinates(file, "org.cached:from-file@9");

        FileTime modified = Files.getLastModifiedTime(jar);
        jar("tool-lib-1.0.jar", "tool-lib", "1.0.1"); // rewritten: another size
        Files.setLastModifiedTime(jar, modified);
        JarCoordinatesCache resized = JarCoordinatesCache.load(file);
        assertEquals("com.example:tool-lib@1.0.1", resized.coordinatesOf(jar));
        assertEquals(1, resized.misses());
    }

    @Test
    void aDamagedFileIsIgnoredAndReplaced() throws IOException {
        Path file = state().resolve(JarCoordinatesCache.FILE_NAME);
        Path jar = jar("tool-lib-1.0.jar", "tool-lib", "1.0");
        JarCoordinatesCache first = JarCoordinatesCache.load(file);
        first.coordinatesOf(jar);
        first.save();
        String line = Files.readString(file).trim();
        String key = line.substring(0, line.indexOf(' '));
        String sizeAndTime = line.substring(line.indexOf(' ') + 1, line.lastIndexOf(' '));
        // a binary blob, a line with too few parts, and a line whose coordinates carry a path
        Files.write(file, new byte[] {0, (byte) 0xff, '\n'});
        Files.writeString(file, "garbage\n" + key + " " + sizeAndTime + " /home/someone/secret:x@1\n",
                java.nio.file.StandardOpenOption.APPEND);

        JarCoordinatesCache damaged = JarCoordinatesCache.load(file);
        assertEquals("com.example:tool-lib@1.0", damaged.coordinatesOf(jar));
        assertEquals(1, damaged.misses());
        assertTrue(damaged.save());
        assertEquals(List.of(line), Files.readAllLines(file));
    }

    @Test
    void aFileOverTheBoundOrALinkIsNotRead() throws IOException {
        Path state = state();
        Path file = state.resolve(JarCoordinatesCache.FILE_NAME);
        Path jar = jar("tool-lib-1.0.jar", "tool-lib", "1.0");
        JarCoordinatesCache first = JarCoordinatesCache.load(file);
        first.coordinatesOf(jar);
        first.save();
        rewriteCoordinates(file, "org.cached:from-file@9");
        String valid = Files.readString(file);
        Files.writeString(file, valid + "#".repeat(JarCoordinatesCache.MAX_BYTES));
        assertEquals("com.example:tool-lib@1.0", JarCoordinatesCache.load(file).coordinatesOf(jar));

        Path elsewhere = dir.resolve("elsewhere.txt");
        Files.writeString(elsewhere, valid);
        Files.delete(file);
        Files.createSymbolicLink(file, elsewhere);
        assertEquals("com.example:tool-lib@1.0", JarCoordinatesCache.load(file).coordinatesOf(jar));
    }

    @Test
    void theFileStaysWithinItsBoundsKeepingThisRunsJarsFirst() throws IOException {
        Path file = state().resolve(JarCoordinatesCache.FILE_NAME);
        StringBuilder old = new StringBuilder();
        for (int i = 0; i < JarCoordinatesCache.MAX_ENTRIES + 50; i++) {
            old.append(String.format("%032x", i)).append(" 100 200 org.example:artifact-number-").append(i)
                    .append("@1.0.0\n");
        }
        Files.writeString(file, old);
        Path jar = jar("tool-lib-1.0.jar", "tool-lib", "1.0");
        JarCoordinatesCache cache = JarCoordinatesCache.load(file);
        cache.coordinatesOf(jar);
        assertTrue(cache.save());
        List<String> lines = Files.readAllLines(file);
        assertEquals(JarCoordinatesCache.MAX_ENTRIES, lines.size());
        assertTrue(lines.get(0).endsWith(" com.example:tool-lib@1.0"), lines.get(0));
        assertTrue(Files.size(file) <= JarCoordinatesCache.MAX_BYTES);
        assertEquals(1, JarCoordinatesCache.load(file).coordinatesOf(jar) == null ? 0 : 1);
    }

    @Test
    void withoutAFileNothingIsWritten() throws IOException {
        Path jar = jar("tool-lib-1.0.jar", "tool-lib", "1.0");
        JarCoordinatesCache cache = JarCoordinatesCache.load(null);
        assertEquals("com.example:tool-lib@1.0", cache.coordinatesOf(jar));
        assertFalse(cache.save());
    }
}
