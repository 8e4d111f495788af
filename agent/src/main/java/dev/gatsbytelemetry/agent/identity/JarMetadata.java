package dev.gatsbytelemetry.agent.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What a jar says about itself: manifest {@code Implementation-Title}, {@code Implementation-Version},
 * {@code Main-Class}, and, when the manifest has no version, the {@code version} of a
 * {@code META-INF/maven/<group>/<artifact>/pom.properties} (preferring the one whose artifactId
 * matches the expected name).
 *
 * @param title     {@code Implementation-Title}, or null
 * @param version   {@code Implementation-Version}, else the pom.properties version, or null
 * @param mainClass {@code Main-Class}, or null
 */
record JarMetadata(String title, String version, String mainClass) {

    private static final JarMetadata NONE = new JarMetadata(null, null, null);
    private static final int MAX_VALUE_LENGTH = 128;

    /** Reads {@code jar}; all fields null when it is missing or unreadable. Never throws. */
    static JarMetadata read(Path jar, String expectedArtifactId) {
        if (jar == null || !Files.isRegularFile(jar)) {
            return NONE;
        }
        // verify=false: signature checks are costly and irrelevant for reading two attributes.
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            Attributes main = manifest == null ? null : manifest.getMainAttributes();
            String title = main == null ? null : clean(main.getValue(Attributes.Name.IMPLEMENTATION_TITLE));
            String version = main == null ? null : clean(main.getValue(Attributes.Name.IMPLEMENTATION_VERSION));
            String mainClass = main == null ? null : clean(main.getValue(Attributes.Name.MAIN_CLASS));
            if (version == null) {
                version = pomVersion(file, expectedArtifactId);
            }
            return new JarMetadata(title, version, mainClass);
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    private static String pomVersion(JarFile file, String expectedArtifactId) throws IOException {
        String fallback = null;
        Enumeration<JarEntry> entries = file.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (!name.startsWith("META-INF/maven/") || !name.endsWith("/pom.properties") || entry.getSize() > 64 * 1024) {
                continue;
            }
            Properties props = new Properties();
            try (InputStream in = file.getInputStream(entry)) {
                props.load(in);
            }
            String version = clean(props.getProperty("version"));
            if (version == null) {
                continue;
            }
            if (expectedArtifactId != null && expectedArtifactId.equals(props.getProperty("artifactId", "").trim())) {
                return version;
            }
            if (fallback == null) {
                fallback = version;
            }
        }
        return fallback;
    }

    /** Trimmed, length-bounded, null when blank. */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        return trimmed.length() > MAX_VALUE_LENGTH ? trimmed.substring(0, MAX_VALUE_LENGTH) : trimmed;
    }
}
