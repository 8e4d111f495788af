package dev.gatsbytelemetry.agent.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the agent's state lives: its own folder {@code $XDG_CONFIG_HOME/gatsby-telemetry-agent/},
 * falling back to {@code ~/.config/gatsby-telemetry-agent/} (relative {@code XDG_CONFIG_HOME}
 * values are ignored, as the XDG spec says). The config file, the spool and the hooked-class cache
 * are all in it. Gatsby's own {@code gatsby/config.json} beside it is only ever read, for a "no".
 */
public final class ConfigFileLocation {

    /** The agent's folder name. */
    public static final String AGENT_FOLDER = "gatsby-telemetry-agent";

    private ConfigFileLocation() {
    }

    /** The XDG config directory: {@code $XDG_CONFIG_HOME} when absolute, else {@code <userHome>/.config}. */
    public static Path configHome(Map<String, String> environment, String userHome) {
        String xdg = environment.get("XDG_CONFIG_HOME");
        return xdg != null && !xdg.isBlank() && Path.of(xdg.trim()).isAbsolute()
                ? Path.of(xdg.trim())
                : Path.of(userHome.trim(), ".config");
    }

    /** The agent's own {@code gatsby-telemetry-agent} folder. */
    public static Path directory(Map<String, String> environment, String userHome) {
        return configHome(environment, userHome).resolve(AGENT_FOLDER);
    }

    /** {@code config.json} in {@link #directory}. */
    public static Path configFile(Map<String, String> environment, String userHome) {
        return directory(environment, userHome).resolve("config.json");
    }

    /** Gatsby's own {@code gatsby/config.json}: read only, for {@code telemetry.enabled: false}. */
    public static Path gatsbyConfigFile(Map<String, String> environment, String userHome) {
        return configHome(environment, userHome).resolve("gatsby").resolve("config.json");
    }
}
