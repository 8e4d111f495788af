package dev.gatsbytelemetry.agent;

import java.io.InputStream;
import java.util.Properties;

/** The agent's own version, from a resource Maven fills in at build time. */
public final class AgentVersion {

    private AgentVersion() {
    }

    public static String get() {
        // The jar's manifest was already read by the class loader when it defined this package:
        // asking the package costs nothing, where a resource lookup initialises the runtime image
        // reader and a jar: URL handler (milliseconds on the recorder thread's first event). The
        // package of the launcher classes, which the application loader defined from the jar with its
        // manifest; the AgentClassLoader defines the agent's copy of the package without one.
        Package agentPackage = AgentClassLoader.class.getPackage();
        String fromManifest = agentPackage == null ? null : agentPackage.getImplementationVersion();
        if (fromManifest != null && !fromManifest.isBlank()) {
            return fromManifest;
        }
        try (InputStream in = AgentVersion.class.getResourceAsStream("agent.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && !version.startsWith("$")) {
                    return version;
                }
            }
        } catch (Exception ignored) {
            // fall through
        }
        return "0.0.0-dev";
    }
}
