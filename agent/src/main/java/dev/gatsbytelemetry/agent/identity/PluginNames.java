package dev.gatsbytelemetry.agent.identity;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The name a jar goes by in events, {@code name@version}: its Maven coordinates
 * ({@code groupId:artifactId@version}) when its {@code pom.properties} gives them, else its manifest's
 * {@code Implementation-Title}/{@code -Version}, else {@code Bundle-Name}/{@code Bundle-Version},
 * else its file name split Maven-style ({@code rss-plugin-1.2.0.jar} → {@code rss-plugin@1.2.0}). Never
 * a path. Each jar is read once; at most {@value #MAX_CACHED} are remembered. Not thread-safe: the
 * recorder's thread uses it.
 */
public final class PluginNames {

    private static final int MAX_CACHED = 512;

    private final Map<Path, String> names = new LinkedHashMap<>();

    /** The jar's {@code name@version}; null for a path that is not a readable jar. */
    public String of(Path jar) {
        if (jar == null) {
            return null;
        }
        String known = names.get(jar);
        if (known != null || names.containsKey(jar)) {
            return known;
        }
        String name = read(jar);
        if (names.size() < MAX_CACHED) {
            names.put(jar, name);
        }
        return name;
    }

    /** The jar's Maven coordinates as {@code groupId:artifactId@version}, or null when it has none. */
    public static String coordinatesOf(Path jar) {
        ArtifactName artifact = ArtifactName.of(jar);
        MavenCoordinates coordinates = JarMetadata.read(jar, artifact.name()).coordinates();
        return coordinates == null ? null : coordinates.nameAtVersion();
    }

    private static String read(Path jar) {
        ArtifactName artifact = ArtifactName.of(jar);
        if (artifact.name().isEmpty()) {
            return null;
        }
        JarMetadata meta = JarMetadata.read(jar, artifact.name());
        if (meta.coordinates() != null) {
            return meta.coordinates().nameAtVersion();
        }
        String version = meta.version() != null ? meta.version()
                : artifact.version() != null ? artifact.version() : PluginScanner.UNKNOWN_VERSION;
        // a manifest title may be a sentence ("ASM, a very small and fast ..."): then the file's name
        String name = isWord(meta.title()) ? meta.title() : isWord(meta.bundleName()) ? meta.bundleName() : artifact.name();
        return name + "@" + version.replace(' ', '_').replace('@', '_');
    }

    private static boolean isWord(String text) {
        if (text == null || text.isEmpty() || text.length() > 100) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == ',' || c == '@' || c == '/' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** The jar a class was loaded from, or null (a directory, the JDK, a generated class). */
    public static Path jarOf(Class<?> type) {
        return MainClassJar.jarOf(type);
    }
}
