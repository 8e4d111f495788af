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
 *   <li>Maven (ClassWorlds' launcher with {@code maven.home} set): {@code maven} and the version of
 *       its {@code maven-core} jar;</li>
 *   <li>the jar holding the main class (the {@code -jar} jar, or for {@code -cp} launches the jar
 *       the main class was loaded from): the manifest's {@code Implementation-Title}, else
 *       {@code Bundle-Name}, else the artifactId of its {@code pom.properties}, else (for
 *       {@code -jar}) its {@code Main-Class}, else the jar's artifact name
 *       ({@code mytool-2.1.0.jar} → {@code mytool}); the version from {@code Implementation-Version},
 *       {@code Bundle-Version}, a {@code pom.properties}, or the file name;</li>
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

    /**
     * Detects the component of a {@code -cp} launch from the jar holding the main class (see
     * {@link #detect(String, Map, Path)} for the rest). Never throws.
     *
     * @param mainClassJar the jar the main class was loaded from, or null (a directory, unknown)
     * @param mavenHome    the {@code maven.home} property of a Maven JVM, else null
     */
    public static ComponentInfo detect(String sunJavaCommand, Map<String, String> env, Path cwd, Path mainClassJar,
                                       Path mavenHome) {
        ComponentInfo detected = detect(sunJavaCommand, env, cwd);
        try {
            boolean overridden = env != null && JarMetadata.clean(env.get(OVERRIDE_ENV)) != null;
            boolean versionKnown = !UNKNOWN_VERSION.equals(detected.componentVersion());
            if (overridden && versionKnown) {
                return detected;
            }
            ComponentInfo better = null;
            if (mavenHome != null && isClassWorldsLaunch(sunJavaCommand)) {
                better = maven(mavenHome);
            } else if (mainClassJar != null && !isJarLaunch(sunJavaCommand, cwd)) {
                ArtifactName artifact = ArtifactName.of(mainClassJar);
                JarMetadata meta = JarMetadata.read(mainClassJar, artifact.name());
                // a jar that says nothing about itself names the tool no better than its main class
                if (meta.title() != null || meta.bundleName() != null || meta.coordinates() != null) {
                    better = fromJar(artifact, meta, null);
                }
            }
            if (better == null) {
                return detected;
            }
            return new ComponentInfo(overridden ? detected.componentId() : better.componentId(),
                    versionKnown && overridden ? detected.componentVersion() : better.componentVersion());
        } catch (RuntimeException e) {
            return detected;
        }
    }

    /** Detects the component of the running JVM. Never throws. */
    public static ComponentInfo fromSystem() {
        try {
            String command = System.getProperty("sun.java.command");
            String mavenHome = System.getProperty("maven.home");
            return detect(command, System.getenv(), Path.of(System.getProperty("user.dir", "")),
                    MainClassJar.of(command), mavenHome == null ? null : Path.of(mavenHome));
        } catch (RuntimeException e) {
            return new ComponentInfo(UNKNOWN_ID, UNKNOWN_VERSION);
        }
    }

    /** The jar the running JVM's main class came from ({@code -cp} launches), or null. */
    public static Path mainClassJar(String sunJavaCommand) {
        return MainClassJar.of(sunJavaCommand);
    }

    private static boolean isClassWorldsLaunch(String command) {
        return command != null && command.trim().startsWith("org.codehaus.plexus.classworlds.launcher.Launcher");
    }

    private static boolean isJarLaunch(String command, Path cwd) {
        return command != null && !command.isBlank() && jarPath(command.trim(), cwd) != null;
    }

    /**
     * Maven reports itself, not ClassWorlds' launcher: {@code maven} and the version of the
     * {@code maven-core} jar in {@code ${maven.home}/lib} (Debian names it {@code maven-core-3.x.jar},
     * so the version is read from inside it, never from the file name alone).
     */
    static ComponentInfo maven(Path mavenHome) {
        try (java.util.stream.Stream<Path> lib = Files.list(mavenHome.resolve("lib"))) {
            Path core = lib.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("maven-core") && name.endsWith(".jar");
            }).findFirst().orElse(null);
            String version = core == null ? null : JarMetadata.read(core, "maven-core").version();
            return new ComponentInfo("maven", version == null ? UNKNOWN_VERSION : version);
        } catch (java.io.IOException | RuntimeException e) {
            return new ComponentInfo("maven", UNKNOWN_VERSION);
        }
    }

    /** A jar's own name and version: manifest, then OSGi bundle headers, then pom.properties, then the file name. */
    private static ComponentInfo fromJar(Path jar, String fallbackId) {
        ArtifactName artifact = ArtifactName.of(jar);
        return fromJar(artifact, JarMetadata.read(jar, artifact.name()), fallbackId);
    }

    private static ComponentInfo fromJar(ArtifactName artifact, JarMetadata meta, String fallbackId) {
        String id = meta.title() != null ? meta.title()
                : meta.bundleName() != null ? meta.bundleName()
                : meta.coordinates() != null ? meta.coordinates().artifactId()
                : fallbackId != null ? fallbackId
                : artifact.name().isEmpty() ? UNKNOWN_ID : artifact.name();
        String version = meta.version() != null ? meta.version()
                : artifact.version() != null ? artifact.version() : UNKNOWN_VERSION;
        return new ComponentInfo(id, version);
    }

    /**
     * What {@code command.split("\\s+", 2)[0]} returns, without the regular expression: the text
     * before the first whitespace character (empty when it starts with one). Compiling that pattern
     * was the only use of {@code java.util.regex} in a run of a tool that uses none itself: 29 JDK
     * classes loaded and run interpreted on the recorder's first event.
     */
    public static String beforeWhitespace(String command) {
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                return command.substring(0, i);
            }
        }
        return command;
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
            return fromJar(artifact, meta, meta.coordinates() == null ? meta.mainClass() : null);
        }
        String first = beforeWhitespace(trimmed);
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
        String first = beforeWhitespace(command);
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
