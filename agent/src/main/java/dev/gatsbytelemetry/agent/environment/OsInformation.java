package dev.gatsbytelemetry.agent.environment;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gatsby's {@code osInformation} block, adapted to the JVM: {@code nodeVersion} becomes
 * {@code javaVersion}/{@code javaVendor} and {@code cpuCount} is added.
 *
 * @param platform    Node-style platform from {@code os.name}: {@code linux}, {@code darwin},
 *                    {@code win32}, ...; null when unknown
 * @param release     {@code os.version} as reported by the JVM; null when unknown
 * @param arch        Node-style architecture from {@code os.arch}: {@code x64}, {@code arm64},
 *                    {@code ia32}, ...; null when unknown
 * @param cpus        model name of the first CPU from {@code /proc/cpuinfo} on Linux, else null
 * @param cpuCount    processors available to the JVM ({@code Runtime.availableProcessors()})
 * @param javaVersion {@code java.version}
 * @param javaVendor  {@code java.vendor}
 * @param ci          whether a CI environment was detected (see {@link CiDetector})
 * @param ciName      the CI vendor's name, null when not in CI or vendor unknown
 * @param docker      whether the process runs in any container (see {@link ContainerDetector})
 * @param termProgram the {@code TERM_PROGRAM} environment variable, null when unset
 * @param isTTY       whether the JVM has an interactive console (standard input and output are terminals, see {@link Terminal})
 */
public record OsInformation(
        String platform,
        String release,
        String arch,
        String cpus,
        int cpuCount,
        String javaVersion,
        String javaVendor,
        boolean ci,
        String ciName,
        boolean docker,
        String termProgram,
        boolean isTTY) {

    /**
     * Collects the information from injected inputs. Never throws.
     *
     * @param systemProperties values of {@code os.name}, {@code os.version}, {@code os.arch},
     *                         {@code java.version} and {@code java.vendor}, by property name
     * @param env              the process environment
     * @param fileSystemRoot   root under which {@code /proc} and container markers are read
     *                         (normally {@code /}); null skips file-based detection
     * @param cpuCount         the number of available processors
     * @param isTTY            whether there is an interactive console
     */
    public static OsInformation collect(Map<String, String> systemProperties, Map<String, String> env,
                                        Path fileSystemRoot, int cpuCount, boolean isTTY) {
        Map<String, String> props = systemProperties == null ? Map.of() : systemProperties;
        Map<String, String> environment = env == null ? Map.of() : env;
        String platform = platformOf(props.get("os.name"));
        CiInfo ciInfo = CiDetector.detect(environment);
        String cpus = "linux".equals(platform) ? cpuModel(fileSystemRoot) : null;
        boolean docker = ContainerDetector.detect(fileSystemRoot, environment);
        return new OsInformation(
                platform,
                props.get("os.version"),
                archOf(props.get("os.arch")),
                cpus,
                cpuCount,
                props.get("java.version"),
                props.get("java.vendor"),
                ciInfo.ci(),
                ciInfo.name(),
                docker,
                EnvValues.value(environment, "TERM_PROGRAM"),
                isTTY);
    }

    /** Collects the information about the running JVM. Never throws. */
    public static OsInformation detect() {
        Map<String, String> props = new LinkedHashMap<>();
        for (String key : new String[] {"os.name", "os.version", "os.arch", "java.version", "java.vendor"}) {
            String value = property(key);
            if (value != null) {
                props.put(key, value);
            }
        }
        Map<String, String> env;
        try {
            env = System.getenv();
        } catch (SecurityException e) {
            env = Map.of();
        }
        int cpuCount;
        try {
            cpuCount = Runtime.getRuntime().availableProcessors();
        } catch (RuntimeException e) {
            cpuCount = 0;
        }
        boolean tty = Terminal.interactive();
        return collect(props, env, Path.of("/"), cpuCount, tty);
    }

    /**
     * The event representation: an unmodifiable, insertion-ordered map with exactly the keys
     * {@code platform, release, arch, cpus, cpuCount, javaVersion, javaVendor, ci, ciName, docker,
     * termProgram, isTTY}. Unknown values are present with a null value.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("platform", platform);
        map.put("release", release);
        map.put("arch", arch);
        map.put("cpus", cpus);
        map.put("cpuCount", cpuCount);
        map.put("javaVersion", javaVersion);
        map.put("javaVendor", javaVendor);
        map.put("ci", ci);
        map.put("ciName", ciName);
        map.put("docker", docker);
        map.put("termProgram", termProgram);
        map.put("isTTY", isTTY);
        return Collections.unmodifiableMap(map);
    }

    // Plain methods, not lambdas: each lambda is a class spun at first use on the recorder thread.

    private static String platformOf(String osName) {
        try {
            return NodeNames.platform(osName);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String archOf(String osArch) {
        try {
            return NodeNames.arch(osArch);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String cpuModel(Path root) {
        try {
            return CpuModel.read(root);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String property(String key) {
        try {
            return System.getProperty(key);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
