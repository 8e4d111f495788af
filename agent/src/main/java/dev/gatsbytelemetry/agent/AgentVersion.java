package dev.gatsbytelemetry.agent;

import java.io.InputStream;
import java.util.Properties;

/** The agent's own version, from a resource Maven fills in at build time. */
public final class AgentVersion {

    private AgentVersion() {
    }

    public static String get() {
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
