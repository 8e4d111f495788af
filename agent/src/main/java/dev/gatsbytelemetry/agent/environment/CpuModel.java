package dev.gatsbytelemetry.agent.environment;

import java.nio.file.Path;

/** Reads the first CPU's model name from {@code /proc/cpuinfo} (Linux only). */
final class CpuModel {

    private CpuModel() {}

    /**
     * The value of the first {@code model name} line of {@code <root>/proc/cpuinfo}, trimmed, or
     * null when there is none (non-Linux systems, and many ARM kernels, which omit the line).
     */
    static String read(Path root) {
        if (root == null) {
            return null;
        }
        String[] found = new String[1];
        SmallFiles.anyLine(root.resolve("proc/cpuinfo"), line -> {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).trim().equals("model name")) {
                return false;
            }
            String value = line.substring(colon + 1).trim();
            if (value.isEmpty()) {
                return false;
            }
            found[0] = value.length() > 200 ? value.substring(0, 200) : value;
            return true;
        });
        return found[0];
    }
}
