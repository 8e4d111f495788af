package dev.gatsbytelemetry.agent.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Which tool is reporting: Gatsby's {@code componentId} and {@code componentVersion}.
 *
 * <p>Resolution order:
 * <ol>
 *   <li>the {@value #OVERRIDE_ENV} environment variable, as {@code id} or {@code id@version}
 *       (split at the last {@code @} that is not the first character);</li>
 *   <li>when the JVM was started with {@code -jar}: the jar's manifest
 *       {@code Implementation-Title}, else its {@code Main-Class}, else the jar's artifact name
 *       ({@code mytool-2.1.0.jar} → {@code mytool}); the version from
 *       {@code Implementation-Version}, a {@code pom.properties}, or the file name;</li>
 *   <li>otherwise the main class name ({@code module/class} launches report the module);</li>
 *   <li>{@value #UNKNOWN_ID} when nothing is known.</li>
 * </ol>
 * The version is {@value #UNKNOWN_VERSION} when unknown, as Gatsby reports it.
 *
 * @param componentId      the tool's name
 * @param componentVersion the tool's version, or {@value #UNKNOWN_VERSION}
 */
public record ComponentInfo(String componentId, String componentVersion) {

    /** Environment variable that names the component explicitly. */
    public static final String OVERRIDE_ENV = "GATSBY_TELEMETRY_COMPONENT";

    /** Version reported when none can be found (Gatsby's convention). */
    public static final String UNKNOWN_VERSION = "-0.0.0";

    /** Id reported when nothing identifies the tool. */
    public static final String UNKNOWN_ID = "unknown";

    /**
     * Detects the component. Never throws.
     *
     * @param sunJavaCommand the {@code sun.java.command} system property: the jar path or main
     *                       class, then the program arguments
     * @param env            the process environment (for {@value #OVERRIDE_ENV})
     * @param cwd            directory against which a relative jar path is resolved ({@code user.dir})
     */
    public static ComponentInfo detect(String sunJavaCommand, Map<String, String> env, Path cwd) {
        try {
            String override = env == null ? null : JarMetadata.clean(env.get(OVERRIDE_ENV));
            String overrideId = null;
            String overrideVersion = null;
            if (override != null) {
                int at = override.lastIndexOf('@');
                if (at > 0 && at < override.length() - 1) {
                    overrideId = override.substring(0, at);
                    overrideVersion = override.substring(at + 1);
                } else {
                    overrideId = override;
                }
                if (overrideVersion != null) {
                    return new ComponentInfo(overrideId, overrideVersion);
                }
            }
            ComponentInfo detected = fromCommand(sunJavaCommand, cwd);
            return overrideId == null ? detected : new ComponentInfo(overrideId, detected.componentVersion());
        } catch (RuntimeException e) {
            return new ComponentInfo(UNKNOWN_ID, UNKNOWN_VERSION);
        }
    }

    /** Detects the component of the running JVM. Never throws. */
    public static ComponentInfo fromSystem() {
        try {
            return detect(System.getProperty("sun.java.command"), System.getenv(),
                    Path.of(System.getProperty("user.dir", "")));
        } catch (RuntimeException e) {
            return new ComponentInfo(UNKNOWN_ID, UNKNOWN_VERSION);
        }
    }

    private static ComponentInfo fromCommand(String command, Path cwd) {
        if (command == null || command.isBlank()) {
            return new ComponentInfo(UNKNOWN_ID, UNKNOWN_VERSION);
        }
        String trimmed = command.trim();
        Path jar = jarPath(trimmed, cwd);
        if (jar != null) {
            ArtifactName artifact = ArtifactName.of(jar);
            JarMetadata meta = JarMetadata.read(jar, artifact.name());
            String id = meta.title() != null ? meta.title()
                    : meta.mainClass() != null ? meta.mainClass()
                    : artifact.name().isEmpty() ? UNKNOWN_ID : artifact.name();
            String version = meta.version() != null ? meta.version()
                    : artifact.version() != null ? artifact.version() : UNKNOWN_VERSION;
            return new ComponentInfo(id, version);
        }
        String first = trimmed.split("\\s+", 2)[0];
        int slash = first.indexOf('/');
        String id = slash > 0 ? first.substring(0, slash) : first;
        return new ComponentInfo(id, UNKNOWN_VERSION);
    }

    /**
     * The jar the JVM was launched with, or null. Paths may contain spaces, and the property
     * joins path and arguments with spaces, so each {@code .jar} followed by a blank or the end
     * is tried as the end of the path, shortest first, taking the first that is an existing
     * file; failing that, a first token ending in {@code .jar} is used as a name-only jar.
     */
    private static Path jarPath(String command, Path cwd) {
        String lower = command.toLowerCase(Locale.ROOT);
        for (int at = lower.indexOf(".jar"); at >= 0; at = lower.indexOf(".jar", at + 1)) {
            int end = at + 4;
            if (end < command.length() && !Character.isWhitespace(command.charAt(end))) {
                continue;
            }
            Path candidate = resolve(command.substring(0, end), cwd);
            if (candidate != null && Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        String first = command.split("\\s+", 2)[0];
        return first.toLowerCase(Locale.ROOT).endsWith(".jar") ? resolve(first, cwd) : null;
    }

    private static Path resolve(String path, Path cwd) {
        try {
            Path p = Path.of(path);
            return cwd == null || p.isAbsolute() ? p : cwd.resolve(p);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
