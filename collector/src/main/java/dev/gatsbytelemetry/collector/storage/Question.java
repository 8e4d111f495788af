package dev.gatsbytelemetry.collector.storage;

/**
 * The questions the API answers, each one SQL file {@code queries/<file>.sql} on the class path
 * (a backend may override it under {@code db/<backend>/queries/}).
 */
public enum Question {
    COMMANDS("commands"),
    STAGES("stages"),
    ERRORS("errors"),
    PLUGINS("plugins"),
    PLUGIN_PAIRS("plugin-pairs"),
    ENVIRONMENT("environment");

    private final String file;

    Question(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }
}
