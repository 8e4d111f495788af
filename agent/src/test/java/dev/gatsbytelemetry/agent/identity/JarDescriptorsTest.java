package dev.gatsbytelemetry.agent.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarDescriptorsTest {

    @TempDir
    Path dir;

    @Test
    void everyJarOfTheTestClassPathReadsAsJarFileReadsIt() {
        int jars = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                continue;
            }
            Path jar = Path.of(entry);
            String artifact = ArtifactName.of(jar).name();
            assertNotNull(JarDescriptors.read(jar, 16, 64 * 1024), jar + " is a plain zip");
            assertEquals(JarMetadata.readWithJarFile(jar, artifact), JarMetadata.read(jar, artifact), jar.toString());
            jars++;
        }
        assertTrue(jars > 5, "the test class path has jars: " + jars);
    }

    @Test
    void storedEntriesAndALowerCaseManifestNameAreRead() throws IOException {
        Path jar = dir.resolve("stored-1.0.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, "meta-inf/manifest.mf", "Manifest-Version: 1.0\nImplementation-Title: stored\n\n");
            stored(zip, "META-INF/maven/org.example/stored/pom.properties",
                    "groupId=org.example\nartifactId=stored\nversion=1.0\n");
        }
        JarMetadata meta = JarMetadata.read(jar, "stored");
        assertEquals("stored", meta.title());
        assertEquals("org.example:stored@1.0", meta.coordinates().nameAtVersion());
    }

    @Test
    void aJarWithDataBeforeItIsLeftToJarFile() throws IOException {
        Path plain = TestJars.jar(dir.resolve("plain/lib-2.0.jar"), Map.of("Implementation-Version", "2.0"),
                Map.of("META-INF/maven/com.example/lib/pom.properties", TestJars.pomProperties("lib", "2.0")));
        Path prefixed = dir.resolve("prefixed/lib-2.0.jar");
        Files.createDirectories(prefixed.getParent());
        byte[] script = "#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n".getBytes(StandardCharsets.US_ASCII);
        byte[] zip = Files.readAllBytes(plain);
        byte[] both = new byte[script.length + zip.length];
        System.arraycopy(script, 0, both, 0, script.length);
        System.arraycopy(zip, 0, both, script.length, zip.length);
        Files.write(prefixed, both);
        assertNull(JarDescriptors.read(prefixed, 16, 64 * 1024));
        assertEquals(JarMetadata.readWithJarFile(prefixed, "lib"), JarMetadata.read(prefixed, "lib"));
    }

    @Test
    void aTruncatedOrNonZipFileGivesNothing() throws IOException {
        Path jar = TestJars.jar(dir.resolve("lib-1.0.jar"), Map.of(), Map.of("a.txt", "a"));
        byte[] bytes = Files.readAllBytes(jar);
        Path truncated = dir.resolve("truncated-1.0.jar");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertNull(JarDescriptors.read(truncated, 16, 64 * 1024));
        Path text = dir.resolve("text-1.0.jar");
        Files.writeString(text, "not a zip");
        assertNull(JarDescriptors.read(text, 16, 64 * 1024));
        assertNull(JarMetadata.read(text, "text").coordinates());
    }

    private static void stored(ZipOutputStream zip, String name, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }
}
