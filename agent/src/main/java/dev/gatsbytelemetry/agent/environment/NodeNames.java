package dev.gatsbytelemetry.agent.environment;

import java.util.Locale;

/**
 * Maps Java's {@code os.name} / {@code os.arch} to the names Node.js uses for
 * {@code process.platform} / {@code process.arch}, so events look like Gatsby's.
 */
final class NodeNames {

    private NodeNames() {}

    /** {@code linux}, {@code darwin}, {@code win32}, {@code freebsd}, ...; null when unknown. */
    static String platform(String osName) {
        if (osName == null || osName.isBlank()) {
            return null;
        }
        String name = osName.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("windows")) {
            return "win32";
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "darwin";
        }
        if (name.startsWith("linux")) {
            return "linux";
        }
        if (name.startsWith("sunos") || name.startsWith("solaris")) {
            return "sunos";
        }
        if (name.startsWith("aix")) {
            return "aix";
        }
        if (name.startsWith("freebsd")) {
            return "freebsd";
        }
        if (name.startsWith("openbsd")) {
            return "openbsd";
        }
        if (name.startsWith("netbsd")) {
            return "netbsd";
        }
        if (name.startsWith("os/400")) {
            return "os400";
        }
        if (name.startsWith("z/os")) {
            return "os390";
        }
        return name.replaceAll("[^a-z0-9]+", "");
    }

    /** {@code x64}, {@code arm64}, {@code ia32}, {@code arm}, ...; null when unknown. */
    static String arch(String osArch) {
        if (osArch == null || osArch.isBlank()) {
            return null;
        }
        String arch = osArch.trim().toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64":
            case "x86_64":
            case "x64":
                return "x64";
            case "x86":
            case "i386":
            case "i486":
            case "i586":
            case "i686":
                return "ia32";
            case "aarch64":
            case "arm64":
                return "arm64";
            case "arm":
            case "arm32":
            case "armv7l":
            case "armhf":
                return "arm";
            case "ppc64le":
            case "ppc64":
                return "ppc64";
            case "loongarch64":
                return "loong64";
            default:
                return arch;
        }
    }
}
