package dev.gatsbytelemetry.agent.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the user's telemetry state lives, as in Gatsby: {@code $XDG_CONFIG_HOME/gatsby/}, falling
 * back to {@code ~/.config/gatsby/}. The config file and the event spool are both in it.
 */
public final class ConfigFileLocation {

    private ConfigFileLocation() {
    }

    /** The {@code gatsby} directory. */
    public static Path directory(Map<String, String> environment, String userHome) {
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg.trim()).isAbsolute()
                ? Path.of(xdg.trim())
                : Path.of(userHome.trim(), ".config");
        return base.resolve("gatsby");
    }

    /** {@code config.json} in {@link #directory}. */
    public static Path configFile(Map<String, String> environment, String userHome) {
        return directory(environment, userHome).resolve("config.json");
    }
}
