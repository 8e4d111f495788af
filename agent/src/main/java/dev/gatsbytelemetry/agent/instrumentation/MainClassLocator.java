package dev.gatsbytelemetry.agent.instrumentation;

import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Finds the JVM's main class from the {@code sun.java.command} property the launcher sets: either
 * {@code some.Main args…}, {@code module/some.Main args…}, or {@code path/to/app.jar args…}, in which
 * case the jar's manifest names it.
 */
public final class MainClassLocator {

    private MainClassLocator() {
    }

    /** The main class in internal form ({@code com/example/Main}), or {@code null} when unknown. */
    public static String locate(String sunJavaCommand) {
        if (sunJavaCommand == null || sunJavaCommand.isBlank()) {
            return null;
        }
        String first = firstToken(sunJavaCommand.trim());
        if (first.endsWith(".jar")) {
            try (JarFile jar = new JarFile(first, false)) {
                Manifest manifest = jar.getManifest();
                String main = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
                return main == null ? null : main.trim().replace('.', '/');
            } catch (IOException | SecurityException e) {
                return null;
            }
        }
        int slash = first.indexOf('/');
        String className = slash >= 0 ? first.substring(slash + 1) : first;
        return className.isEmpty() ? null : className.replace('.', '/');
    }

    /**
     * The launcher reports {@code -jar} paths unquoted, so a jar path may contain spaces: the first
     * prefix of the command that ends in {@code .jar} and is an existing file is the jar. Otherwise
     * the first token is the main class (an argument that merely ends in {@code .jar} is not a jar).
     */
    private static String firstToken(String command) {
        int space = command.indexOf(' ');
        String first = space < 0 ? command : command.substring(0, space);
        if (first.endsWith(".jar")) {
            return first;
        }
        for (int end = command.indexOf(".jar"); end > 0; end = command.indexOf(".jar", end + 1)) {
            String candidate = command.substring(0, end + 4);
            if (end + 4 == command.length() || command.charAt(end + 4) == ' ') {
                if (candidate.indexOf(' ') > 0 && new java.io.File(candidate).isFile()) {
                    return candidate;
                }
            }
        }
        return first;
    }
}
