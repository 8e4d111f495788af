package dev.gatsbytelemetry.agent.identity;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A jar file name split Maven-style into artifact name and version:
 * {@code sitegen-plugin-rss-1.2.0.jar} → {@code sitegen-plugin-rss} and {@code 1.2.0}. The
 * version starts at the first {@code -} followed by a digit.
 *
 * @param name    the artifact name (the whole base name when no version is recognised)
 * @param version the version, or null when the file name has none
 */
record ArtifactName(String name, String version) {

    /** Splits the file name of {@code jar}. */
    static ArtifactName of(Path jar) {
        Path fileName = jar.getFileName();
        return of(fileName == null ? "" : fileName.toString());
    }

    /** Splits {@code fileName}, with or without its {@code .jar} extension. */
    static ArtifactName of(String fileName) {
        String base = fileName;
        if (base.toLowerCase(Locale.ROOT).endsWith(".jar")) {
            base = base.substring(0, base.length() - 4);
        }
        for (int i = 1; i < base.length() - 1; i++) {
            if (base.charAt(i) == '-' && Character.isDigit(base.charAt(i + 1))) {
                return new ArtifactName(base.substring(0, i), base.substring(i + 1));
            }
        }
        return new ArtifactName(base, null);
    }
}
