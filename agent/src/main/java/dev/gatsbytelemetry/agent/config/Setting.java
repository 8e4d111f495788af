package dev.gatsbytelemetry.agent.config;

/**
 * Every setting the agent reads, with its environment variable, its agent-argument key, its default
 * and its meaning. This enum is the single table of settings: {@link AgentConfigParser} reads
 * exactly these, and a unit test checks that README.md documents each one.
 *
 * <p>Environment variables win over agent arguments ({@code -javaagent:agent.jar=key=value;key=value}):
 * the user of a tool can always override what its maintainer put in the launcher.
 */
public enum Setting {
    DISABLED("GATSBY_TELEMETRY_DISABLED", null, "unset",
            "`1`/`true` (any case, or any positive integer) turns telemetry off: no instrumentation, no thread, no file."),
    DO_NOT_TRACK("DO_NOT_TRACK", null, "unset",
            "`1`/`true` also turns telemetry off (the cross-tool convention)."),
    ENABLED(null, "enabled", "true",
            "Maintainer default: `enabled=false` ships the agent switched off; users' variables and config file still win."),
    DEBUG("GATSBY_TELEMETRY_DEBUG", "debug", "false",
            "Print each event to stderr as `Captured event: {json}` and send nothing."),
    VERBOSE("GATSBY_TELEMETRY_VERBOSE", "verbose", "false",
            "Print each event like debug mode *and* send it."),
    STAGES("GATSBY_TELEMETRY_STAGES", "stages", "none",
            "Comma-separated `pkg.Class#method` patterns (`*` = any run of characters), each optionally `=stage name`."),
    ENTRY_POINTS("GATSBY_TELEMETRY_ENTRY_POINTS", "entryPoints", "the JVM main class's `main`",
            "Comma-separated `pkg.Class#method` patterns whose String arguments name the command; replaces the default."),
    COMMANDS("GATSBY_TELEMETRY_COMMANDS", "commands", "any word",
            "Comma-separated allow-list of command names; any other command is reported as `other`."),
    API("GATSBY_TELEMETRY_API", "api", "none (nothing is stored or sent)",
            "Collector endpoint, an http(s) URL that receives POSTed JSON arrays of events."),
    FLUSH_TIMEOUT_MS("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "flushTimeoutMs", "250",
            "Hard budget in milliseconds for everything the agent does at JVM exit."),
    SEND_INTERVAL_MINUTES("GATSBY_TELEMETRY_SEND_INTERVAL_MINUTES", "sendIntervalMinutes",
            "`60`; `0` in CI and in verbose mode",
            "Least time between two runs that contact the collector: a run starting sooner after the last delivery keeps its events in the spool for a later run. `0` sends from every run."),
    GZIP("GATSBY_TELEMETRY_GZIP", "gzip", "true",
            "Send request bodies with `Content-Encoding: gzip`."),
    CLASS_CACHE("GATSBY_TELEMETRY_CLASS_CACHE", "classCache", "true",
            "Keep the classes the agent hooked in `hooked-classes/` beside the spool, so later runs of the same tool, JDK and agent skip rewriting them (a faster start); `false` rewrites them every run."),
    ERROR_MESSAGES("GATSBY_TELEMETRY_ERROR_MESSAGES", "errorMessages", "1",
            "`0` drops exception messages entirely (type and frames only), as the .NET CLI does."),
    COMPONENT("GATSBY_TELEMETRY_COMPONENT", "component",
            "the jar holding the main class (`-jar` or `-cp`): `Implementation-Title`, else `Bundle-Name`, else its pom.properties artifactId; `maven` for Maven; else the main class",
            "The tool's name in events (`componentId`), as `name` or `name@version`."),
    SALT("GATSBY_TELEMETRY_SALT", "salt", "built-in per-agent salt",
            "Salt mixed into repository hashes so public repository URLs cannot be looked up in a table."),
    PLUGINS("GATSBY_TELEMETRY_PLUGINS", "plugins", "none",
            "Comma-separated globs on jar artifact names reported as `plugins` (`name@version`)."),
    CLASS_PATH_PLUGINS("GATSBY_TELEMETRY_CLASS_PATH_PLUGINS", "classPathPlugins", "true",
            "List the class-path jars that carry Maven coordinates (`groupId:artifactId@version`, read from their pom.properties) in `CLI_COMMAND_METADATA.plugins`; `false` lists only jars of other class loaders (plugin loaders, ClassWorlds realms) and `GATSBY_TELEMETRY_PLUGINS` matches."),
    HEARTBEAT_SECONDS("GATSBY_TELEMETRY_HEARTBEAT_SECONDS", "heartbeatSeconds", "600",
            "While a command runs, every this many seconds send `CLI_COMMAND_<CMD>_HEARTBEAT` with the stage statistics so far (spooled like any event), so a command that is killed keeps its data; `0` turns heartbeats off (no timer thread)."),
    TAGS("GATSBY_TELEMETRY_TAGS", null, "none",
            "A JSON object merged into every event."),
    METADATA_PATH("GATSBY_TELEMETRY_METADATA_PATH", null, "none",
            "Path of a JSON file of tags merged into every event."),
    LEARN_MORE_URL(null, "learnMoreUrl", "https://github.com/gatsby-telemetry-agent/gatsby-telemetry-agent#telemetry",
            "Where the first-run notice sends users to learn more.");

    private final String environmentVariable;
    private final String agentArgument;
    private final String defaultDescription;
    private final String meaning;

    Setting(String environmentVariable, String agentArgument, String defaultDescription, String meaning) {
        this.environmentVariable = environmentVariable;
        this.agentArgument = agentArgument;
        this.defaultDescription = defaultDescription;
        this.meaning = meaning;
    }

    /** The environment variable, or {@code null} when only the maintainer can set it. */
    public String environmentVariable() {
        return environmentVariable;
    }

    /** The key in {@code -javaagent:agent.jar=key=value;...}, or {@code null} when only users can set it. */
    public String agentArgument() {
        return agentArgument;
    }

    public String defaultDescription() {
        return defaultDescription;
    }

    public String meaning() {
        return meaning;
    }
}
