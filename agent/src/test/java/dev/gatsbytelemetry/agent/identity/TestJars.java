package dev.gatsbytelemetry.agent.identity;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes small jars for tests. */
final class TestJars {

    private TestJars() {}

    /**
     * A jar at {@code path} whose manifest holds {@code attributes} and which contains
     * {@code files} (entry name → text).
     */
    static Path jar(Path path, Map<String, String> attributes, Map<String, String> files) throws IOException {
        Files.createDirectories(path.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        try (OutputStream out = Files.newOutputStream(path);
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                jar.putNextEntry(new JarEntry(file.getKey()));
                jar.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return path;
    }

    static String pomProperties(String artifactId, String version) {
        return "#Generated\ngroupId=com.example\nartifactId=" + artifactId + "\nversion=" + version + "\n";
    }
}
