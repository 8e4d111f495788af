package dev.gatsbytelemetry.agent.identity;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Locale;

/**
 * The jar a {@code -cp} launch's main class came from, asked of the class itself (its
 * {@link CodeSource}) rather than by opening every class-path jar to look for the class file. By the
 * time the recorder's thread asks, the JVM has loaded the main class, so this loads nothing.
 */
final class MainClassJar {

    private MainClassJar() {
    }

    /** The jar, or null: a directory, a class of the JDK, a {@code -jar} launch, or anything unreadable. */
    static Path of(String sunJavaCommand) {
        if (sunJavaCommand == null || sunJavaCommand.isBlank()) {
            return null;
        }
        String first = ComponentInfo.beforeWhitespace(sunJavaCommand.trim());
        if (first.toLowerCase(Locale.ROOT).endsWith(".jar")) {
            return null;
        }
        int slash = first.indexOf('/');
        String className = slash >= 0 ? first.substring(slash + 1) : first;
        try {
            Class<?> mainClass = Class.forName(className, false, ClassLoader.getSystemClassLoader());
            return jarOf(mainClass);
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** The jar file a class was loaded from, or null. */
    static Path jarOf(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return null;
            }
            Path path = Path.of(location.toURI());
            return Files.isRegularFile(path) ? path : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
