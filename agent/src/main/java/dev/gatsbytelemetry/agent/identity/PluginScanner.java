package dev.gatsbytelemetry.agent.identity;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Lists the tool's plugins found on the class path, as Gatsby's {@code plugins} tag:
 * {@code name@version} strings.
 *
 * <p>A jar counts as a plugin when its artifact name (file name without version and
 * {@code .jar}, see {@link ArtifactName}) matches one of the comma-separated glob patterns of
 * {@value #PATTERNS_ENV} ({@code *} matches any run of characters, everything else is literal,
 * case-sensitive): {@code sitegen-plugin-*} matches {@code sitegen-plugin-rss-1.2.0.jar}. The
 * version comes from the jar's {@code Implementation-Version}, else a {@code pom.properties},
 * else the file name, else {@value #UNKNOWN_VERSION}. Without patterns nothing is scanned.
 *
 * <p>The result is sorted, free of duplicates and holds at most {@value #MAX_PLUGINS} entries; at
 * most that many jars are opened. Never throws.
 */
public final class PluginScanner {

    /** Environment variable with the comma-separated artifact-name patterns. */
    public static final String PATTERNS_ENV = "GATSBY_TELEMETRY_PLUGINS";

    /** Upper bound on the number of plugins reported. */
    public static final int MAX_PLUGINS = 100;

    /** Version reported when neither the jar nor its name has one. */
    public static final String UNKNOWN_VERSION = "unknown";

    private PluginScanner() {}

    /** Scans a class path that uses this platform's path separator. */
    public static List<String> scan(String classPath, String patterns) {
        return scan(classPath, File.pathSeparator, patterns);
    }

    /**
     * Scans {@code classPath} (entries separated by {@code pathSeparator}) for jars matching
     * {@code patterns}. Missing files and directories are skipped. Never throws.
     */
    public static List<String> scan(String classPath, String pathSeparator, String patterns) {
        try {
            Pattern matcher = compile(patterns);
            if (matcher == null || classPath == null || classPath.isBlank() || pathSeparator == null
                    || pathSeparator.isEmpty()) {
                return List.of();
            }
            // Cheap name matching first, then open only the first MAX_PLUGINS candidates.
            Map<Path, ArtifactName> candidates = new LinkedHashMap<>();
            for (String entry : classPath.split(Pattern.quote(pathSeparator))) {
                if (entry.isBlank() || !entry.trim().toLowerCase(Locale.ROOT).endsWith(".jar")) {
                    continue;
                }
                Path jar = Path.of(entry.trim());
                ArtifactName artifact = ArtifactName.of(jar);
                if (matcher.matcher(artifact.name()).matches()) {
                    candidates.putIfAbsent(jar.toAbsolutePath().normalize(), artifact);
                }
            }
            List<Map.Entry<Path, ArtifactName>> ordered = new ArrayList<>(candidates.entrySet());
            // an anonymous class, not comparator lambdas: this runs at every run's exit
            ordered.sort(new Comparator<Map.Entry<Path, ArtifactName>>() {
                @Override
                public int compare(Map.Entry<Path, ArtifactName> a, Map.Entry<Path, ArtifactName> b) {
                    int byName = a.getValue().name().compareTo(b.getValue().name());
                    return byName != 0 ? byName : a.getKey().toString().compareTo(b.getKey().toString());
                }
            });
            TreeSet<String> plugins = new TreeSet<>();
            for (Map.Entry<Path, ArtifactName> candidate : ordered) {
                if (plugins.size() >= MAX_PLUGINS) {
                    break;
                }
                Path jar = candidate.getKey();
                if (!Files.isRegularFile(jar)) {
                    continue;
                }
                ArtifactName artifact = candidate.getValue();
                String version = JarMetadata.read(jar, artifact.name()).version();
                if (version == null) {
                    version = artifact.version() != null ? artifact.version() : UNKNOWN_VERSION;
                }
                plugins.add(artifact.name() + "@" + version);
            }
            return List.copyOf(plugins);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Scans {@code java.class.path} with the patterns from {@value #PATTERNS_ENV}. Never throws. */
    public static List<String> fromSystem() {
        try {
            return scan(System.getProperty("java.class.path"), System.getenv(PATTERNS_ENV));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** One regex for all patterns, or null when there are none. */
    static Pattern compile(String patterns) {
        if (patterns == null) {
            return null;
        }
        List<String> alternatives = new ArrayList<>();
        for (String glob : patterns.split(",")) {
            String trimmed = glob.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            StringBuilder regex = new StringBuilder();
            String[] literals = trimmed.split("\\*", -1);
            for (int i = 0; i < literals.length; i++) {
                if (i > 0) {
                    regex.append(".*");
                }
                if (!literals[i].isEmpty()) {
                    regex.append(Pattern.quote(literals[i]));
                }
            }
            alternatives.add("(?:" + regex + ")");
        }
        return alternatives.isEmpty() ? null : Pattern.compile(String.join("|", alternatives));
    }
}
