package dev.gatsbytelemetry.agent.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns the environment and the agent argument string into an {@link AgentConfig}. The only place
 * where settings are read. Never throws: every bad value becomes a {@link AgentConfig#problems()}
 * line and the setting keeps its default.
 *
 * <p>Agent arguments are {@code key=value} pairs separated by {@code ;} (commas belong to list
 * values), e.g. {@code -javaagent:agent.jar=api=https://t.example/v1;stages=a.B#c,a.D#e=render}.
 */
public final class AgentConfigParser {

    /** A day: events wait at most that long for a sending run, well inside the spool's 7-day age limit. */
    static final int MAX_SEND_INTERVAL_MINUTES = 24 * 60;

    private final Map<String, String> environment;
    private final Map<String, String> arguments;
    private final Supplier<Optional<Boolean>> configFileEnabled;
    private final AgentConfig.Builder builder = AgentConfig.builder();

    private AgentConfigParser(Map<String, String> environment, String agentArguments,
                              Supplier<Optional<Boolean>> configFileEnabled) {
        this.environment = environment;
        this.arguments = parseArguments(agentArguments, builder);
        this.configFileEnabled = configFileEnabled;
    }

    /**
     * Parses the configuration.
     *
     * @param configFileEnabled the {@code telemetry.enabled} key of the user's config file; only asked
     *                          when no environment variable has decided, so the common paths never
     *                          touch the disk
     */
    public static AgentConfig parse(Map<String, String> environment, String agentArguments,
                                    Supplier<Optional<Boolean>> configFileEnabled) {
        return new AgentConfigParser(environment, agentArguments, configFileEnabled).parse();
    }

    /**
     * Decides only whether telemetry is on, and which switch said so. Precedence, highest first:
     * {@code GATSBY_TELEMETRY_DISABLED}, {@code DO_NOT_TRACK}, the config files (any "no" there:
     * the agent's {@code false}, an agent config that cannot be read, Gatsby's {@code false}; then
     * the agent's {@code true}), the agent argument {@code enabled}, the default (on).
     */
    private void decideConsent() {
        String disabledBy = EnvironmentSwitches.disabledBy(environment);
        if (disabledBy != null) {
            builder.enabled(false, disabledBy);
            return;
        }
        Optional<Boolean> fromFile = Optional.empty();
        try {
            fromFile = configFileEnabled.get();
        } catch (RuntimeException e) {
            builder.problem("cannot read the telemetry config file: " + e.getMessage());
        }
        if (fromFile.isPresent()) {
            builder.enabled(fromFile.get(), configFileEnabled instanceof ConfigFileConsent
                    ? ((ConfigFileConsent) configFileEnabled).decidedBy() : "config file (telemetry.enabled)");
            return;
        }
        String argument = arguments.get(Setting.ENABLED.agentArgument());
        if (argument != null) {
            builder.enabled(!"false".equalsIgnoreCase(argument.trim()) && !"0".equals(argument.trim()),
                    "agent argument enabled=" + argument.trim());
            return;
        }
        builder.enabled(true, "default");
    }

    private AgentConfig parse() {
        decideConsent();
        builder.debug(flag(Setting.DEBUG, false));
        builder.verbose(flag(Setting.VERBOSE, false));
        if (!builder.isEnabled()) {
            return builder.build();
        }
        patterns(Setting.STAGES, true);
        patterns(Setting.ENTRY_POINTS, false);
        String commands = value(Setting.COMMANDS);
        if (commands != null) {
            for (String command : commands.split(",")) {
                if (!command.isBlank()) {
                    builder.allowCommand(command.trim());
                }
            }
        }
        String api = value(Setting.API);
        if (api != null && !api.isBlank()) {
            try {
                URI uri = URI.create(api.trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    builder.endpoint(uri);
                } else {
                    builder.problem(name(Setting.API) + " must be an http or https URL; ignoring it");
                }
            } catch (IllegalArgumentException e) {
                builder.problem(name(Setting.API) + " is not a URL (" + e.getMessage() + "); ignoring it");
            }
        }
        String timeout = value(Setting.FLUSH_TIMEOUT_MS);
        if (timeout != null) {
            try {
                long millis = Long.parseLong(timeout.trim());
                if (millis < 0 || millis > 60_000) {
                    throw new NumberFormatException("out of range 0..60000");
                }
                builder.flushTimeoutMillis(millis);
            } catch (NumberFormatException e) {
                builder.problem(name(Setting.FLUSH_TIMEOUT_MS) + " must be milliseconds (0..60000), got '"
                        + timeout + "'; using 250");
            }
        }
        String interval = value(Setting.SEND_INTERVAL_MINUTES);
        if (interval != null) {
            try {
                int minutes = Integer.parseInt(interval.trim());
                if (minutes < 0 || minutes > MAX_SEND_INTERVAL_MINUTES) {
                    throw new NumberFormatException("out of range");
                }
                builder.sendIntervalMinutes(minutes);
            } catch (NumberFormatException e) {
                builder.problem(name(Setting.SEND_INTERVAL_MINUTES) + " must be minutes (0.."
                        + MAX_SEND_INTERVAL_MINUTES + "), got '" + interval + "'; using the default");
            }
        }
        builder.gzip(flag(Setting.GZIP, true));
        builder.classCache(flag(Setting.CLASS_CACHE, true));
        builder.classPathPlugins(flag(Setting.CLASS_PATH_PLUGINS, true));
        String heartbeat = value(Setting.HEARTBEAT_SECONDS);
        if (heartbeat != null) {
            try {
                int seconds = Integer.parseInt(heartbeat.trim());
                if (seconds < 0 || seconds > AgentConfig.MAX_HEARTBEAT_SECONDS) {
                    throw new NumberFormatException("out of range");
                }
                builder.heartbeatSeconds(seconds);
            } catch (NumberFormatException e) {
                builder.problem(name(Setting.HEARTBEAT_SECONDS) + " must be seconds (0.."
                        + AgentConfig.MAX_HEARTBEAT_SECONDS + "), got '" + heartbeat + "'; using "
                        + AgentConfig.DEFAULT_HEARTBEAT_SECONDS);
            }
        }
        builder.errorMessages(flag(Setting.ERROR_MESSAGES, true));
        builder.component(blankToNull(value(Setting.COMPONENT)));
        String salt = blankToNull(value(Setting.SALT));
        if (salt != null) {
            builder.salt(salt);
        }
        String plugins = value(Setting.PLUGINS);
        if (plugins != null) {
            for (String glob : plugins.split(",")) {
                if (!glob.isBlank()) {
                    builder.pluginGlob(glob.trim());
                }
            }
        }
        builder.tagsJson(blankToNull(value(Setting.TAGS)));
        builder.metadataPath(blankToNull(value(Setting.METADATA_PATH)));
        String learnMore = blankToNull(value(Setting.LEARN_MORE_URL));
        if (learnMore != null) {
            builder.learnMoreUrl(learnMore);
        }
        return builder.build();
    }

    private void patterns(Setting setting, boolean stages) {
        String text = value(setting);
        if (text == null) {
            return;
        }
        for (String item : text.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            try {
                MethodPattern pattern = MethodPattern.parse(item);
                if (stages) {
                    builder.stage(pattern);
                } else {
                    builder.entryPoint(pattern);
                }
            } catch (IllegalArgumentException e) {
                builder.problem("ignoring " + name(setting) + " pattern '" + item.trim() + "': " + e.getMessage());
            }
        }
    }

    /** The environment variable's value if set, else the agent argument's, else {@code null}. */
    private String value(Setting setting) {
        if (setting.environmentVariable() != null) {
            String fromEnvironment = environment.get(setting.environmentVariable());
            if (fromEnvironment != null) {
                return fromEnvironment;
            }
        }
        return setting.agentArgument() == null ? null : arguments.get(setting.agentArgument());
    }

    private boolean flag(Setting setting, boolean defaultValue) {
        String text = value(setting);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        String t = text.trim();
        if (t.equalsIgnoreCase("false") || t.equals("0") || t.equalsIgnoreCase("no") || t.equalsIgnoreCase("off")) {
            return false;
        }
        return isTruthy(t) || t.equalsIgnoreCase("yes") || t.equalsIgnoreCase("on");
    }

    private static String name(Setting setting) {
        return setting.environmentVariable() != null ? setting.environmentVariable() : setting.agentArgument();
    }

    /** Gatsby's rule: {@code true} in any case, or a positive integer. */
    public static boolean isTruthy(String value) {
        return EnvironmentSwitches.isTruthy(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Map<String, String> parseArguments(String agentArguments, AgentConfig.Builder builder) {
        Map<String, String> result = new LinkedHashMap<>();
        if (agentArguments == null || agentArguments.isBlank()) {
            return result;
        }
        for (String pair : agentArguments.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                builder.problem("ignoring agent argument '" + pair.trim() + "': expected key=value");
                continue;
            }
            String key = pair.substring(0, equals).trim();
            boolean known = false;
            for (Setting setting : Setting.values()) {
                known |= key.equals(setting.agentArgument());
            }
            if (!known) {
                builder.problem("ignoring unknown agent argument '" + key + "'");
                continue;
            }
            result.put(key, pair.substring(equals + 1));
        }
        return result;
    }
}
