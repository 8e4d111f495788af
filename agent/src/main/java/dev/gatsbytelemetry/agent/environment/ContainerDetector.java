package dev.gatsbytelemetry.agent.environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Tells whether the process runs inside a container of any kind (Docker, Podman, containerd /
 * Kubernetes, LXC). Reported as Gatsby's {@code docker} field, which despite its name means "any
 * container".
 *
 * <p>Signals, all read relative to an injectable file-system root (normally {@code /}):
 * <ul>
 *   <li>{@code /.dockerenv} (Docker) or {@code /run/.containerenv} (Podman, Buildah);</li>
 *   <li>a container marker ({@code docker}, {@code kubepods}, {@code containerd}, {@code libpod},
 *       {@code lxc}) as a word of a path segment in {@code /proc/self/cgroup} or
 *       {@code /proc/1/cgroup} (cgroup v1, or v2 without a private cgroup namespace). Segments
 *       naming a host service ({@code docker.service}, {@code containerd.service}) or a host-side
 *       monitor ({@code conmon}, {@code lxc.monitor}) are ignored: processes of the container
 *       engine itself are not in a container;</li>
 *   <li>{@code /etc/hostname} or {@code /etc/hosts} bind-mounted from a container engine's state
 *       directory, per {@code /proc/self/mountinfo} (catches cgroup v2 with namespaces, where the
 *       cgroup file only says {@code 0::/});</li>
 *   <li>with {@link #detect(Path, Map)} also the {@code container} variable (set by Podman and
 *       systemd-nspawn) and {@code KUBERNETES_SERVICE_HOST} (set in every Kubernetes pod).</li>
 * </ul>
 * Plain JDK file reads, bounded in size; never throws.
 */
public final class ContainerDetector {

    /** Anonymous classes, not method references: each reference would spin a class, once per JVM. */
    private static final Predicate<String> CGROUP_LINE = new Predicate<String>() {
        @Override
        public boolean test(String line) {
            return isContainerCgroupLine(line);
        }
    };
    private static final Predicate<String> MOUNT_LINE = new Predicate<String>() {
        @Override
        public boolean test(String line) {
            return isContainerMountLine(line);
        }
    };

    private static final List<String> MARKERS = List.of("docker", "kubepods", "containerd", "libpod", "lxc");
    private static final List<String> ENGINE_PATHS =
            List.of("/docker/", "/containerd/", "/containers/", "/kubelet/", "/libpod/", "/lxc/");

    private ContainerDetector() {}

    /** True when the file system under {@code root} shows container markers. Never throws. */
    public static boolean detect(Path root) {
        return detect(root, Map.of());
    }

    /** As {@link #detect(Path)}, and also consults container-related environment variables. */
    public static boolean detect(Path root, Map<String, String> env) {
        try {
            if (env != null && (EnvValues.isSet(env, "container")
                    || EnvValues.value(env, "KUBERNETES_SERVICE_HOST") != null)) {
                return true;
            }
            if (root == null) {
                return false;
            }
            if (exists(root.resolve(".dockerenv")) || exists(root.resolve("run/.containerenv"))) {
                return true;
            }
            if (SmallFiles.anyLine(root.resolve("proc/self/cgroup"), CGROUP_LINE)
                    || SmallFiles.anyLine(root.resolve("proc/1/cgroup"), CGROUP_LINE)) {
                return true;
            }
            return SmallFiles.anyLine(root.resolve("proc/self/mountinfo"), MOUNT_LINE);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Detects for the running JVM: root {@code /} and the process environment. Never throws. */
    public static boolean fromSystem() {
        Map<String, String> env;
        try {
            env = System.getenv();
        } catch (SecurityException e) {
            env = Map.of();
        }
        try {
            return detect(Path.of("/"), env);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean exists(Path path) {
        try {
            return Files.exists(path);
        } catch (SecurityException e) {
            return false;
        }
    }

    /** {@code hierarchy:controllers:/path} — looks for a marker word in the path's segments. */
    static boolean isContainerCgroupLine(String line) {
        int first = line.indexOf(':');
        int second = first < 0 ? -1 : line.indexOf(':', first + 1);
        String path = second < 0 ? line : line.substring(second + 1);
        for (String segment : path.toLowerCase(Locale.ROOT).split("/")) {
            if (segment.isEmpty() || segment.endsWith(".service") || segment.contains("conmon")
                    || segment.startsWith("lxc.monitor")) {
                continue;
            }
            for (String word : segment.split("[-._:@]")) {
                if (MARKERS.contains(word)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A mountinfo line is {@code id parent major:minor root mountPoint options ...}. In a
     * container, {@code /etc/hostname} and {@code /etc/hosts} are bind mounts whose root lies in the
     * engine's state directory; on a host they are plain files, not mount points.
     */
    static boolean isContainerMountLine(String line) {
        String[] fields = line.split(" ");
        if (fields.length < 5) {
            return false;
        }
        String mountPoint = fields[4];
        if (!mountPoint.equals("/etc/hostname") && !mountPoint.equals("/etc/hosts")) {
            return false;
        }
        String mountRoot = fields[3].toLowerCase(Locale.ROOT);
        for (String enginePath : ENGINE_PATHS) {
            if (mountRoot.contains(enginePath)) {
                return true;
            }
        }
        return false;
    }
}
