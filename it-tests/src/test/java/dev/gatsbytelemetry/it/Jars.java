package dev.gatsbytelemetry.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The built jars under test, passed in by failsafe as system properties ({@code agent.jar},
 * {@code sample.jar}, {@code collector.jar}), and the script that builds the sample app's demo plugins.
 */
public final class Jars {

    private Jars() {
    }

    public static Path agent() {
        return existing("agent.jar");
    }

    public static Path sampleApp() {
        return existing("sample.jar");
    }

    /** The collector's runnable jar, for tests that send to a real collector. */
    public static Path collector() {
        return existing("collector.jar");
    }

    /** {@code sample-app/demo-plugins/build.sh}, which builds sitegen's demo plugin jars. */
    public static Path demoPluginsScript() {
        return existing("demo.plugins.script");
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property '" + property + "' is not set; run the ITs through"
                    + " Maven: mvn -B verify -pl it-tests -am");
        }
        Path jar = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(property + " = " + jar + " does not exist; build it first (mvn package)");
        }
        return jar;
    }
}
