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

    private static String firstToken(String command) {
        int space = command.indexOf(' ');
        String first = space < 0 ? command : command.substring(0, space);
        // A jar path with spaces is reported unquoted; extend the token to the first ".jar".
        if (!first.endsWith(".jar")) {
            int jar = command.indexOf(".jar ");
            if (jar > 0 && command.substring(0, jar).indexOf(' ') >= 0 && !first.contains(".")) {
                return command.substring(0, jar + 4);
            }
            if (command.endsWith(".jar")) {
                return command;
            }
        }
        return first;
    }
}
