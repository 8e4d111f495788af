package dev.gatsbytelemetry.collector.config;

/** A command line the collector cannot start with; its message names the flag at fault. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
