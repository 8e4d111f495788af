package dev.gatsbytelemetry.agent.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's whole configuration, immutable, produced in one place by {@link AgentConfigParser}.
 * See {@link Setting} for every setting's name, default and meaning.
 */
public final class AgentConfig {

    /** Default of {@link Setting#HEARTBEAT_SECONDS}: ten minutes. */
    public static final int DEFAULT_HEARTBEAT_SECONDS = 600;
    /** Largest {@link Setting#HEARTBEAT_SECONDS}: one day. */
    public static final int MAX_HEARTBEAT_SECONDS = 86_400;

    /** Default of {@link Setting#SEND_INTERVAL_MINUTES} outside CI and verbose mode. */
    public static final int DEFAULT_SEND_INTERVAL_MINUTES = 60;

    private final boolean enabled;
    private final String decidedBy;
    private final boolean debug;
    private final boolean verbose;
    private final List<MethodPattern> stages;
    private final List<MethodPattern> entryPoints;
    private final Set<String> commandAllowList;
    private final URI endpoint;
    private final long flushTimeoutMillis;
    private final int sendIntervalMinutes;
    private final boolean gzip;
    private final boolean classCache;
    private final boolean classPathPlugins;
    private final int heartbeatSeconds;
    private final boolean errorMessages;
    private final String component;
    private final String salt;
    private final List<String> pluginGlobs;
    private final String tagsJson;
    private final String metadataPath;
    private final String learnMoreUrl;
    private final List<String> problems;

    private AgentConfig(Builder b) {
        this.enabled = b.enabled;
        this.decidedBy = b.decidedBy;
        this.debug = b.debug;
        this.verbose = b.verbose;
        this.stages = List.copyOf(b.stages);
        this.entryPoints = List.copyOf(b.entryPoints);
        this.commandAllowList = Collections.unmodifiableSet(new LinkedHashSet<>(b.commandAllowList));
        this.endpoint = b.endpoint;
        this.flushTimeoutMillis = b.flushTimeoutMillis;
        this.sendIntervalMinutes = b.sendIntervalMinutes;
        this.gzip = b.gzip;
        this.classCache = b.classCache;
        this.classPathPlugins = b.classPathPlugins;
        this.heartbeatSeconds = b.heartbeatSeconds;
        this.errorMessages = b.errorMessages;
        this.component = b.component;
        this.salt = b.salt;
        this.pluginGlobs = List.copyOf(b.pluginGlobs);
        this.tagsJson = b.tagsJson;
        this.metadataPath = b.metadataPath;
        this.learnMoreUrl = b.learnMoreUrl;
        this.problems = List.copyOf(b.problems);
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean enabled() {
        return enabled;
    }

    /** Which switch decided {@link #enabled()}, e.g. {@code GATSBY_TELEMETRY_DISABLED} or {@code default}. */
    public String decidedBy() {
        return decidedBy;
    }

    public boolean debug() {
        return debug;
    }

    public boolean verbose() {
        return verbose;
    }

    /** Whether events are printed to stderr (debug or verbose mode). */
    public boolean printsEvents() {
        return debug || verbose;
    }

    /** Whether events leave the machine: an endpoint is set and debug mode is off. */
    public boolean sendsEvents() {
        return endpoint != null && !debug;
    }

    public List<MethodPattern> stages() {
        return stages;
    }

    /** Configured entry points; empty means the JVM main class's {@code main}. */
    public List<MethodPattern> entryPoints() {
        return entryPoints;
    }

    /** Allowed command names; empty means any command word. */
    public Set<String> commandAllowList() {
        return commandAllowList;
    }

    /** The collector, or {@code null} when none is configured. */
    public URI endpoint() {
        return endpoint;
    }

    public long flushTimeoutMillis() {
        return flushTimeoutMillis;
    }

    public boolean gzip() {
        return gzip;
    }

    /** Whether class-path jars with Maven coordinates are listed as plugins ({@link Setting#CLASS_PATH_PLUGINS}). */
    public boolean classPathPlugins() {
        return classPathPlugins;
    }

    /** Seconds between heartbeats of a running command, 0 for none ({@link Setting#HEARTBEAT_SECONDS}). */
    public int heartbeatSeconds() {
        return heartbeatSeconds;
    }

    /** Whether hooked classes are kept for later runs ({@link Setting#CLASS_CACHE}). */
    public boolean classCache() {
        return classCache;
    }

    /**
     * Minutes between two runs that use the network ({@link Setting#SEND_INTERVAL_MINUTES}): the
     * configured value, else 0 in CI (a CI machine is often gone before a later run could send what
     * this one kept) and in verbose mode (a maintainer checking the pipeline), else
     * {@value #DEFAULT_SEND_INTERVAL_MINUTES}.
     *
     * @param ci whether the process runs in CI, which the caller detects off the startup path
     */
    public int sendIntervalMinutes(boolean ci) {
        if (sendIntervalMinutes >= 0) {
            return sendIntervalMinutes;
        }
        return ci || verbose ? 0 : DEFAULT_SEND_INTERVAL_MINUTES;
    }

    /** {@code false} when exception messages must be dropped entirely. */
    public boolean errorMessages() {
        return errorMessages;
    }

    /** The configured component name, or {@code null} to derive it from the main jar. */
    public String component() {
        return component;
    }

    /** The configured salt for repository hashes, or {@code null} for the built-in one. */
    public String salt() {
        return salt;
    }

    public List<String> pluginGlobs() {
        return pluginGlobs;
    }

    /** Raw JSON of {@code GATSBY_TELEMETRY_TAGS}, parsed off the critical path; may be {@code null}. */
    public String tagsJson() {
        return tagsJson;
    }

    public String metadataPath() {
        return metadataPath;
    }

    public String learnMoreUrl() {
        return learnMoreUrl;
    }

    /** Problems found while parsing, each one line fit for stderr. */
    public List<String> problems() {
        return problems;
    }

    /** A small fluent builder; {@link AgentConfigParser} is its main user, tests the other. */
    public static final class Builder {
        private boolean enabled = true;
        private String decidedBy = "default";
        private boolean debug;
        private boolean verbose;
        private final List<MethodPattern> stages = new ArrayList<>();
        private final List<MethodPattern> entryPoints = new ArrayList<>();
        private final Set<String> commandAllowList = new LinkedHashSet<>();
        private URI endpoint;
        private long flushTimeoutMillis = 250;
        private int sendIntervalMinutes = -1;
        private boolean gzip = true;
        private boolean classCache = true;
        private boolean classPathPlugins = true;
        private int heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS;
        private boolean errorMessages = true;
        private String component;
        private String salt; // null: the identity package's built-in salt
        private final List<String> pluginGlobs = new ArrayList<>();
        private String tagsJson;
        private String metadataPath;
        private String learnMoreUrl = Setting.LEARN_MORE_URL.defaultDescription();
        private final List<String> problems = new ArrayList<>();

        private Builder() {
        }

        boolean isEnabled() {
            return enabled;
        }

        public Builder enabled(boolean value, String by) {
            this.enabled = value;
            this.decidedBy = by;
            return this;
        }

        public Builder debug(boolean value) {
            this.debug = value;
            return this;
        }

        public Builder verbose(boolean value) {
            this.verbose = value;
            return this;
        }

        public Builder stage(MethodPattern pattern) {
            this.stages.add(pattern);
            return this;
        }

        public Builder entryPoint(MethodPattern pattern) {
            this.entryPoints.add(pattern);
            return this;
        }

        public Builder allowCommand(String command) {
            this.commandAllowList.add(command);
            return this;
        }

        public Builder endpoint(URI value) {
            this.endpoint = value;
            return this;
        }

        public Builder flushTimeoutMillis(long value) {
            this.flushTimeoutMillis = value;
            return this;
        }

        /** Minutes; a negative value means "not configured" (the default applies). */
        public Builder sendIntervalMinutes(int value) {
            this.sendIntervalMinutes = value;
            return this;
        }

        public Builder gzip(boolean value) {
            this.gzip = value;
            return this;
        }

        public Builder classPathPlugins(boolean value) {
            this.classPathPlugins = value;
            return this;
        }

        public Builder heartbeatSeconds(int value) {
            this.heartbeatSeconds = value;
            return this;
        }

        public Builder classCache(boolean value) {
            this.classCache = value;
            return this;
        }

        public Builder errorMessages(boolean value) {
            this.errorMessages = value;
            return this;
        }

        public Builder component(String value) {
            this.component = value;
            return this;
        }

        public Builder salt(String value) {
            this.salt = value;
            return this;
        }

        public Builder pluginGlob(String value) {
            this.pluginGlobs.add(value);
            return this;
        }

        public Builder tagsJson(String value) {
            this.tagsJson = value;
            return this;
        }

        public Builder metadataPath(String value) {
            this.metadataPath = value;
            return this;
        }

        public Builder learnMoreUrl(String value) {
            this.learnMoreUrl = value;
            return this;
        }

        public Builder problem(String message) {
            this.problems.add(message);
            return this;
        }

        public AgentConfig build() {
            return new AgentConfig(this);
        }
    }
}
