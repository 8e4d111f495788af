package dev.gatsbytelemetry.agent.environment;

import java.nio.file.Path;
import java.util.function.Predicate;

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
        // an anonymous class, not a lambda: this runs once per JVM, where spinning a lambda class
        // costs more than the read
        SmallFiles.anyLine(root.resolve("proc/cpuinfo"), new Predicate<String>() {
            @Override
            public boolean test(String line) {
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
            }
        });
        return found[0];
    }
}
