package dev.gatsbytelemetry.agent.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What a jar says about itself: manifest {@code Implementation-Title}, {@code Implementation-Version},
 * {@code Main-Class}, OSGi's {@code Bundle-Name} and {@code Bundle-Version}, and the Maven
 * coordinates of its {@code META-INF/maven/<group>/<artifact>/pom.properties} (the one whose
 * artifactId matches the expected name, else the only one; a shaded jar holding several others is
 * not guessed at).
 *
 * @param title         {@code Implementation-Title}, or null
 * @param version       {@code Implementation-Version}, else {@code Bundle-Version}, else the pom.properties
 *                      version, or null
 * @param mainClass     {@code Main-Class}, or null
 * @param bundleName    {@code Bundle-Name}, or null
 * @param bundleVersion {@code Bundle-Version}, or null
 * @param coordinates   the jar's own pom.properties, or null
 */
record JarMetadata(String title, String version, String mainClass, String bundleName, String bundleVersion,
                   MavenCoordinates coordinates) {

    private static final JarMetadata NONE = new JarMetadata(null, null, null, null, null, null);
    private static final int MAX_VALUE_LENGTH = 128;
    private static final int MAX_POM_PROPERTIES = 16;
    private static final int MAX_POM_BYTES = 64 * 1024;

    /** Reads {@code jar}; all fields null when it is missing or unreadable. Never throws. */
    static JarMetadata read(Path jar, String expectedArtifactId) {
        if (jar == null || !Files.isRegularFile(jar)) {
            return NONE;
        }
        JarDescriptors descriptors = JarDescriptors.read(jar, MAX_POM_PROPERTIES, MAX_POM_BYTES);
        if (descriptors != null) {
            try {
                Manifest manifest = descriptors.manifest() == null ? null
                        : new Manifest(new ByteArrayInputStream(descriptors.manifest()));
                List<Properties> poms = new ArrayList<>();
                for (byte[] pom : descriptors.pomProperties()) {
                    Properties props = new Properties();
                    props.load(new ByteArrayInputStream(pom));
                    poms.add(props);
                }
                return of(manifest, poms, expectedArtifactId);
            } catch (IOException | RuntimeException e) {
                // a manifest or pom.properties Java cannot parse: let JarFile judge it
            }
        }
        return readWithJarFile(jar, expectedArtifactId);
    }

    /** As {@link #read}, through {@code JarFile}: for the jars {@link JarDescriptors} does not handle. */
    static JarMetadata readWithJarFile(Path jar, String expectedArtifactId) {
        // verify=false: signature checks are costly and irrelevant for reading two attributes.
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            return of(file.getManifest(), pomProperties(file), expectedArtifactId);
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    private static JarMetadata of(Manifest manifest, List<Properties> poms, String expectedArtifactId) {
        Attributes main = manifest == null ? null : manifest.getMainAttributes();
        String title = attribute(main, Attributes.Name.IMPLEMENTATION_TITLE.toString());
        String version = attribute(main, Attributes.Name.IMPLEMENTATION_VERSION.toString());
        String mainClass = attribute(main, Attributes.Name.MAIN_CLASS.toString());
        String bundleVersion = attribute(main, "Bundle-Version");
        MavenCoordinates coordinates = pomCoordinates(poms, expectedArtifactId);
        if (version == null) {
            version = bundleVersion != null ? bundleVersion : coordinates != null ? coordinates.version() : null;
        }
        return new JarMetadata(title, version, mainClass, attribute(main, "Bundle-Name"), bundleVersion,
                coordinates);
    }

    /** The tool's name: Implementation-Title, else Bundle-Name, else the pom's artifactId; or null. */
    String name() {
        return title != null ? title : bundleName != null ? bundleName
                : coordinates != null ? coordinates.artifactId() : null;
    }

    private static String attribute(Attributes attributes, String name) {
        return attributes == null ? null : clean(attributes.getValue(name));
    }

    /** The jar's pom.properties files through {@code JarFile}, which makes an entry of each name. */
    private static List<Properties> pomProperties(JarFile file) throws IOException {
        List<Properties> out = new ArrayList<>();
        Enumeration<JarEntry> entries = file.entries();
        while (entries.hasMoreElements() && out.size() < MAX_POM_PROPERTIES) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (!name.startsWith("META-INF/maven/") || !name.endsWith("/pom.properties")
                    || entry.getSize() > MAX_POM_BYTES) {
                continue;
            }
            Properties props = new Properties();
            try (InputStream in = file.getInputStream(entry)) {
                props.load(in);
            }
            out.add(props);
        }
        return out;
    }

    /** The pom.properties whose artifactId is the expected one, else the only valid one, else null. */
    private static MavenCoordinates pomCoordinates(List<Properties> poms, String expectedArtifactId) {
        MavenCoordinates only = null;
        int found = 0;
        for (Properties props : poms) {
            MavenCoordinates coordinates = MavenCoordinates.of(props.getProperty("groupId"),
                    props.getProperty("artifactId"), props.getProperty("version"));
            if (coordinates == null) {
                continue;
            }
            if (coordinates.artifactId().equals(expectedArtifactId)) {
                return coordinates;
            }
            if (found++ == 0) {
                only = coordinates;
            }
        }
        return found == 1 ? only : null;
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
