package dev.gatsbytelemetry.agent.recorder;

import dev.gatsbytelemetry.agent.AgentVersion;
import dev.gatsbytelemetry.agent.command.KnownCommandWords;
import dev.gatsbytelemetry.agent.config.AgentConfig;
import dev.gatsbytelemetry.agent.config.ConfigFileFacts;
import dev.gatsbytelemetry.agent.consent.FirstRunNotice;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.event.EventTypes;
import dev.gatsbytelemetry.agent.event.Timestamps;
import dev.gatsbytelemetry.agent.identity.SessionIds;
import dev.gatsbytelemetry.agent.event.TelemetryEvent;
import dev.gatsbytelemetry.agent.sanitizer.PlainWords;
import dev.gatsbytelemetry.agent.sanitizer.RedactionCounts;
import dev.gatsbytelemetry.agent.sanitizer.SanitizedThrowable;
import dev.gatsbytelemetry.agent.sanitizer.Sanitizer;
import dev.gatsbytelemetry.agent.sanitizer.SanitizerSettings;
import java.nio.charset.StandardCharsets;
import dev.gatsbytelemetry.agent.identity.Sha256;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;
import dev.gatsbytelemetry.agent.identity.PluginScanner;
import dev.gatsbytelemetry.agent.sender.PendingCompleter;
import java.util.Map;

/**
 * Completes recorded events on the recorder's thread: ids, time, the fields every event carries,
 * the user's tags and, for errors, {@code errorV2}. Every string that comes from the host (tag
 * values, exception text and stack) passes through the {@link Sanitizer} here, and the event says how
 * many redactions of each kind it took ({@code redactions}). Not thread-safe; the
 * {@link EventWorker} calls it from one thread at a time. The exception: {@link #pendingParts} and
 * {@link #identityMembers}, which only read the context once it is published (volatile).
 */
public final class EventFactory implements PendingCompleter {

    /** The text of an error event completed by a later run from its pending record. */
    static final String TEXT_NOT_COMPLETED = "(message unavailable: not completed within the exit budget)";

    /** A recorded field that goes into {@code errorV2.context}, not the event's top level. */
    static final String REPORTED_BY = "reportedBy";
    /** How long the metadata event may spend listing other class loaders' jars (it may be at exit). */
    private static final long PLUGIN_SCAN_BUDGET_NANOS = 50_000_000L;

    private final String sessionId;
    private final AgentConfig config;
    private final Map<String, String> environment;
    private final AgentLog log;
    private final LongSupplier droppedEvents;
    private final ConfigFileFacts configFile;
    private final PluginInventory plugins;
    private final java.nio.file.Path commandWordsFile;
    private final String agentBuild;
    /** Published once, complete, by the recorder thread; read at exit by the shutdown hook. */
    private volatile EventContext context;
    /**
     * Made at the first command word to check (recorder thread or exit), not in premain: runs that
     * need no check never load its classes. Guarded by {@code this} when written.
     */
    private volatile CommandResolver commands;
    private final String workingDirectory;
    /** {@link #finishCommandBy}'s deadline, for a resolver made after it was given. */
    private long commandFinishByNanos = Long.MAX_VALUE;
    private Sanitizer sanitizer;
    private SanitizerSettings sanitizerSettings;
    private Sanitizer messageFreeSanitizer;
    private volatile String agentVersion;
    private String toolKey;

    public EventFactory(String sessionId, AgentConfig config, Map<String, String> environment, AgentLog log) {
        this(sessionId, config, ConfigFileFacts.NONE, environment, log, new LongSupplier() {
            @Override
            public long getAsLong() {
                return 0;
            }
        });
    }

    /**
     * @param configFile    what the config file said at startup: spares the first event reading it
     *                      again for the notice marker and the machine id
     * @param droppedEvents events lost since the last report (spool bounds, refused batches), for the
     *                      metadata event; called on the recorder thread
     */
    public EventFactory(String sessionId, AgentConfig config, ConfigFileFacts configFile,
                        Map<String, String> environment, AgentLog log, LongSupplier droppedEvents) {
        this(sessionId, config, configFile, environment, log, droppedEvents, null);
    }

    /**
     * @param plugins what the run loaded besides the tool (metadata {@code plugins}, an error's
     *                {@code plugin}); null lists only framework-reported and configured plugins
     */
    public EventFactory(String sessionId, AgentConfig config, ConfigFileFacts configFile,
                        Map<String, String> environment, AgentLog log, LongSupplier droppedEvents,
                        PluginInventory plugins) {
        this(sessionId, config, configFile, environment, log, droppedEvents, plugins, null, null);
    }

    /**
     * @param commandWordsFile where command-word decisions are kept between runs
     *                         ({@link KnownCommandWords}, keyed with the config file's
     *                         {@code hookedClassKey}); null keeps none
     * @param agentBuild       the agent build's fingerprint, part of a kept decision's key
     */
    public EventFactory(String sessionId, AgentConfig config, ConfigFileFacts configFile,
                        Map<String, String> environment, AgentLog log, LongSupplier droppedEvents,
                        PluginInventory plugins, java.nio.file.Path commandWordsFile, String agentBuild) {
        this.commandWordsFile = commandWordsFile;
        this.agentBuild = agentBuild;
        this.plugins = plugins;
        this.configFile = configFile;
        this.droppedEvents = droppedEvents;
        this.sessionId = sessionId;
        this.config = config;
        this.environment = environment;
        this.log = log;
        this.workingDirectory = System.getProperty("user.dir", ".");
    }

    private synchronized CommandResolver commands() {
        if (commands == null) {
            // through CommandResolver's own factory method: passing an anonymous WordSanitizer from
            // here made the verifier load that interface with this class, in premain
            CommandResolver resolver = CommandResolver.judgedBy(this, new java.io.File(workingDirectory), log,
                    commandWordsFile == null ? null
                            : new KnownCommandWords(commandWordsFile, configFile.hookedClassKey(), agentBuild));
            resolver.finishBy(commandFinishByNanos);
            commands = resolver;
        }
        return commands;
    }

    /** The sanitizer's verdict on a command word (recorder thread, or exit). */
    boolean leavesCommandWordUnchanged(String word) {
        // a plain word is judged without building the sanitizer (100-400 ms of CPU)
        return PlainWords.certainlyUnchanged(word, sanitizerSettings())
                || word.equals(sanitizer().sanitizeText(word, null));
    }

    /** The environment the sanitizer is built from. */
    Map<String, String> sanitizerEnvironmentForCommands() {
        return sanitizerEnvironment();
    }

    /** At JVM exit: a command word still being checked must be decided by then ({@code other} if not). */
    void finishCommandBy(long deadlineNanos) {
        CommandResolver resolver;
        synchronized (this) {
            commandFinishByNanos = deadlineNanos;
            resolver = commands;
        }
        if (resolver != null) {
            resolver.finishBy(deadlineNanos);
        }
    }

    TelemetryEvent complete(RecordedEvent recorded) {
        if (context == null) {
            long start = System.nanoTime();
            agentVersion = AgentVersion.get();
            long t1 = System.nanoTime();
            long t2 = System.nanoTime();
            if (!configFile.noticeHandled()) {
                FirstRunNotice.showIfNeeded(config, environment, log);
            }
            long t3 = System.nanoTime();
            EventContext collected = EventContext.collect(config, configFile, environment, log);
            context = collected;
            long t4 = System.nanoTime();
            log.debug("first event: version " + (t1 - start) / 1000 + " us, notice " + (t3 - t2) / 1000
                    + " us, context " + (t4 - t3) / 1000 + " us");
        }
        CommandName name = recorded.command();
        // the resolver (and its classes) only when a word must still be checked
        String command = name == null ? null : name.isDecided() ? name.decidedOrOther() : name.resolve(commands());
        String eventType = recorded.eventType(command);
        // Only events that carry host strings need the sanitizer (and its classes) at all.
        boolean sanitizes = recorded.error() != null || !context.tags().isEmpty()
                || EventTypes.METADATA.equals(eventType);
        RedactionCounts counts = sanitizes ? new RedactionCounts() : null;
        Map<String, Object> fields = new LinkedHashMap<>();
        String eventId = recorded.eventId() != null ? recorded.eventId() : SessionIds.newId();
        fields.put("eventType", eventType);
        fields.put("eventId", eventId);
        fields.put("time", Timestamps.utc(recorded.epochMillis()));
        fields.put("schemaVersion", EventTypes.SCHEMA_VERSION);
        fields.put("sessionId", sessionId);
        fields.put("command", command);
        fields.put("agentVersion", agentVersion);
        fields.putAll(context.identity());
        fields.putAll(recorded.fields());
        fields.remove(REPORTED_BY);
        if (EventTypes.METADATA.equals(eventType)) {
            fields.putAll(metadata(recorded, counts));
        }
        String plugin = null;
        if (recorded.error() != null && recorded.fields().containsKey("plugin") && plugins != null) {
            long start = System.nanoTime();
            plugin = pluginName(plugins.pluginOf(recorded.error()), counts);
            log.debug("plugin of an error: " + (System.nanoTime() - start) / 1000 + " us");
            fields.put("plugin", plugin);
        }
        if (recorded.error() != null) {
            fields.put("errorV2", errorV2(recorded, plugin, counts));
        }
        Map<String, Object> tags = new LinkedHashMap<>();
        for (Map.Entry<String, Object> tag : context.tags().entrySet()) {
            Object value = tag.getValue();
            if (value instanceof String) {
                value = sanitizer().sanitizeText((String) value, counts);
            } else if (!(value instanceof Number || value instanceof Boolean)) {
                continue;
            }
            tags.put(sanitizer().sanitizeText(tag.getKey(), counts), value);
        }
        if (!tags.isEmpty()) {
            fields.put("tags", tags);
        }
        if (counts != null && !counts.isEmpty()) {
            fields.put("redactions", counts.snapshot());
        }
        return new TelemetryEvent(fields);
    }

    /**
     * The parts of a pending record of {@code recorded} (an event with no host string: the end event)
     * for {@link dev.gatsbytelemetry.agent.sender.EventSink#keepPending}: {@code [key, head, tail]}.
     * Cheap and safe on any thread: no sanitizer, no file, no context collection. When this run's
     * context is known, the head carries it and the key is null; otherwise the key names this tool
     * and place, and a later run of the same tool in the same place supplies the identity.
     * Tags are left out (they need the sanitizer); the complete event, if this run gets to it, has them.
     */
    String[] pendingParts(RecordedEvent recorded) {
        EventContext known = context;
        String version = agentVersion != null ? agentVersion : AgentVersion.get();
        Map<String, Object> head = new LinkedHashMap<>();
        // never waits for the command check: a record kept before it ends says "other", and the
        // complete event, if this run gets to it, replaces the record
        String command = recorded.command() == null ? null : recorded.command().decidedOrOther();
        head.put("eventType", recorded.eventType(command));
        head.put("eventId", recorded.eventId());
        head.put("time", Timestamps.utc(recorded.epochMillis()));
        head.put("schemaVersion", EventTypes.SCHEMA_VERSION);
        head.put("sessionId", sessionId);
        head.put("command", command);
        head.put("agentVersion", version);
        if (known != null) {
            head.putAll(known.identity());
        }
        Map<String, Object> tail = new LinkedHashMap<>(recorded.fields());
        tail.remove(REPORTED_BY);
        if (recorded.error() != null) {
            tail.put("errorV2", errorV2WithoutText(recorded));
        }
        return new String[] {known != null ? null : toolKey(), members(head), members(tail)};
    }

    /**
     * {@code errorV2} of an error event completed from its pending record: its type, fingerprint and
     * context, but no message or stack, which only this process's sanitizer could clean. The
     * fingerprint is computed as for a complete event, from the JVM's type and frame names.
     */
    private static Map<String, Object> errorV2WithoutText(RecordedEvent recorded) {
        Throwable error = recorded.error();
        String type = typeName(error);
        StringBuilder key = new StringBuilder(type);
        try {
            StackTraceElement[] frames = error.getStackTrace();
            for (int i = 0; frames != null && i < frames.length && i < 5; i++) {
                if (frames[i] != null) {
                    key.append('|').append(frames[i].getClassName()).append('.').append(frames[i].getMethodName());
                }
            }
        } catch (Throwable ignored) {
            // a broken exception: its type is the fingerprint
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", Sha256.hex(key.toString().getBytes(StandardCharsets.UTF_8), 8));
        out.put("type", type);
        out.put("text", type + ": " + TEXT_NOT_COMPLETED);
        out.put("stack", type + ": " + TEXT_NOT_COMPLETED + "\n");
        out.put("level", "ERROR");
        out.put("context", errorContext(recorded, null));
        return out;
    }

    private static String typeName(Throwable error) {
        try {
            return error.getClass().getName();
        } catch (Throwable t) {
            return "java.lang.Throwable";
        }
    }

    /**
     * For a record an earlier run kept: this run's identity, if it is the same tool in the same
     * place ({@link #toolKey}) and its context is known; else null.
     */
    @Override
    public String identityMembers(String key) {
        EventContext known = context;
        if (known == null || key == null || !key.equals(toolKey())) {
            return null;
        }
        return members(known.identity());
    }

    /** Whether this run's context is known, so that {@link #identityMembers} can answer. */
    public boolean isIdentityReady() {
        return context != null;
    }

    /**
     * Hash of what decides an event's component and repository fields: the launched main class or
     * jar, the working directory, the component override and the salt. Only a run that agrees on all
     * of them completes another's record with its own identity. A hash: the spool never holds the
     * paths themselves.
     */
    private synchronized String toolKey() {
        if (toolKey == null) {
            String command = System.getProperty("sun.java.command", "");
            int space = command.indexOf(' ');
            String launched = space < 0 ? command : command.substring(0, space);
            String key = launched + "\n" + System.getProperty("user.dir", "") + "\n"
                    + environment.getOrDefault("GATSBY_TELEMETRY_COMPONENT", String.valueOf(config.component()))
                    + "\n" + config.salt();
            toolKey = Sha256.hex(key.getBytes(StandardCharsets.UTF_8), 16);
        }
        return toolKey;
    }

    private static String members(Map<String, Object> fields) {
        String json = dev.gatsbytelemetry.agent.event.JsonWriter.write(fields);
        return json.substring(1, json.length() - 1);
    }

    /** What the tool runs with: its plugins, the size of its class path, and what the spool lost. */
    private Map<String, Object> metadata(RecordedEvent recorded, RedactionCounts counts) {
        Map<String, Object> out = new LinkedHashMap<>();
        String classPath = System.getProperty("java.class.path", "");
        java.util.Set<String> found = new java.util.LinkedHashSet<>();
        Object used = recorded.fields().get("plugins");
        if (used instanceof List) {
            // Plugins a framework integration saw the run use (Maven plugins), first.
            for (Object plugin : (List<?>) used) {
                if (plugin instanceof String) {
                    found.add((String) plugin);
                }
            }
        }
        if (plugins != null) {
            long start = System.nanoTime();
            found.addAll(plugins.plugins(start + PLUGIN_SCAN_BUDGET_NANOS));
            log.debug("plugins of other class loaders and the class path: " + (System.nanoTime() - start) / 1000 + " us");
        }
        if (!config.pluginGlobs().isEmpty()) {
            found.addAll(PluginScanner.scan(classPath, String.join(",", config.pluginGlobs())));
        }
        List<String> names = new ArrayList<>();
        for (String plugin : found) {
            String name = pluginName(plugin, counts);
            if (name != null && names.size() < PluginInventory.MAX_PLUGINS && !names.contains(name)) {
                names.add(name);
            }
        }
        out.put("plugins", names);
        out.put("classPathSize", classPath.isEmpty() ? 0 : classPath.split(java.io.File.pathSeparator, -1).length);
        out.put("droppedEvents", droppedEvents.getAsLong());
        return out;
    }

    /**
     * A plugin's {@code name@version} as it may leave: Maven coordinates are plain words already
     * (checked when read); anything else read from a jar's manifest passes through the sanitizer,
     * which is then built, as for any host string.
     */
    private String pluginName(String nameAtVersion, RedactionCounts counts) {
        if (nameAtVersion == null) {
            return null;
        }
        if (isCoordinateShaped(nameAtVersion)) {
            return nameAtVersion;
        }
        String clean = sanitizer().sanitizeText(nameAtVersion, counts);
        return clean == null || clean.indexOf('@') <= 0 || clean.indexOf('/') >= 0 ? null : clean;
    }

    private static boolean isCoordinateShaped(String text) {
        if (text.length() > 200 || text.indexOf('@') <= 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == ':' || c == '@';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The sanitizer, built on first need. Building it (its patterns, the machine's paths and secret
     * values) costs tens of milliseconds, and most events (command start, end, metadata without
     * plugins) carry no host string at all, so a successful run never pays for it. It is not
     * built ahead of need either: that would cost every run CPU time while the application works
     * (measured: ~100 ms of CPU on 2 cores), to save a failing run some exit time.
     */
    private Sanitizer sanitizer() {
        if (sanitizer == null) {
            sanitizer = new Sanitizer(sanitizerSettings());
        }
        return sanitizer;
    }

    private SanitizerSettings sanitizerSettings() {
        if (sanitizerSettings == null) {
            sanitizerSettings = SanitizerSettings.fromSystem(sanitizerEnvironment());
        }
        return sanitizerSettings;
    }

    /** Gatsby's structured error: {@code id, type, text, stack, level, context}. */
    private Map<String, Object> errorV2(RecordedEvent recorded, String plugin, RedactionCounts counts) {
        // a rejected command line's message quotes what the user typed: type and frames only
        Sanitizer errorSanitizer = "PARAMETER_ERROR".equals(recorded.fields().get("errorKind"))
                ? messageFreeSanitizer() : sanitizer();
        SanitizedThrowable error = errorSanitizer.sanitizeThrowable(recorded.error(), counts);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", fingerprint(error));
        out.put("type", error.type());
        out.put("text", error.message() == null ? error.type() : error.header());
        out.put("stack", error.toStackTrace());
        out.put("level", "ERROR");
        out.put("context", errorContext(recorded, plugin));
        return out;
    }

    /**
     * {@code errorV2.context}: where it happened, from agent-made fields only, and the plugin behind
     * the error (a jar's name, already checked or sanitized).
     */
    private static Map<String, Object> errorContext(RecordedEvent recorded, String plugin) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("stage", recorded.fields().get("stage"));
        context.put("mainThread", recorded.fields().get("mainThread"));
        if (recorded.fields().containsKey("plugin")) {
            context.put("plugin", plugin);
        }
        Object reportedBy = recorded.fields().get(REPORTED_BY);
        if (reportedBy != null) {
            context.put(REPORTED_BY, reportedBy);
        }
        return context;
    }

    /**
     * A stable id for "the same error": its type and first frames without line numbers, hashed, so
     * analysts can group occurrences across versions and machines.
     */
    private static String fingerprint(SanitizedThrowable error) {
        StringBuilder key = new StringBuilder(error.type());
        int n = 0;
        for (String frame : error.frames()) {
            if (n++ == 5) {
                break;
            }
            int paren = frame.indexOf('(');
            key.append('|').append(paren >= 0 ? frame.substring(0, paren) : frame);
        }
        return Sha256.hex(key.toString().getBytes(StandardCharsets.UTF_8), 8);
    }

    /** A sanitizer that drops exception messages, built on first need (a rejected command line). */
    private Sanitizer messageFreeSanitizer() {
        if (messageFreeSanitizer == null) {
            Map<String, String> env = new LinkedHashMap<>(environment);
            env.put(SanitizerSettings.ERROR_MESSAGES_ENV, "0");
            messageFreeSanitizer = new Sanitizer(SanitizerSettings.fromSystem(env));
        }
        return messageFreeSanitizer;
    }

    private Map<String, String> sanitizerEnvironment() {
        if (config.errorMessages()) {
            return environment;
        }
        Map<String, String> copy = new LinkedHashMap<>(environment);
        copy.put(SanitizerSettings.ERROR_MESSAGES_ENV, "0");
        return copy;
    }
}
