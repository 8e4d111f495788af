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
    ENVIRONMENT("environment"),
    /** Report page: {@link #STAGES} per UTC day. */
    STAGE_TREND_DAY("stage-trend-day"),
    /** Report page: {@link #STAGES} per tool version. */
    STAGE_TREND_VERSION("stage-trend-version"),
    /** Report page: the values each filter can take, for its suggestions. */
    FACETS("facets");

    private final String file;

    Question(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }
}
