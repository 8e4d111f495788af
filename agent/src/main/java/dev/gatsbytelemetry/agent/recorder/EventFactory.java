package dev.gatsbytelemetry.agent.recorder;

import dev.gatsbytelemetry.agent.AgentVersion;
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
import java.util.Map;

/**
 * Completes recorded events on the recorder's thread: ids, time, the fields every event carries,
 * the user's tags and, for errors, {@code errorV2}. Every string that comes from the host (tag
 * values, exception text and stack) passes through the {@link Sanitizer} here, and the event says how
 * many redactions of each kind it took ({@code redactions}). Not thread-safe; the
 * {@link EventWorker} calls it from one thread at a time.
 */
public final class EventFactory {

    private final String sessionId;
    private final AgentConfig config;
    private final Map<String, String> environment;
    private final AgentLog log;
    private final LongSupplier droppedEvents;
    private final ConfigFileFacts configFile;
    private final CommandResolver commands;
    private EventContext context;
    private Sanitizer sanitizer;
    private SanitizerSettings sanitizerSettings;
    private String agentVersion;

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
        this.configFile = configFile;
        this.droppedEvents = droppedEvents;
        this.sessionId = sessionId;
        this.config = config;
        this.environment = environment;
        this.log = log;
        this.commands = new CommandResolver(new java.io.File(System.getProperty("user.dir", ".")),
                new CommandResolver.WordSanitizer() {
                    @Override
                    public boolean leavesUnchanged(String word) {
                        // a plain word is judged without building the sanitizer (100-400 ms of CPU)
                        return PlainWords.certainlyUnchanged(word, sanitizerSettings())
                                || word.equals(sanitizer().sanitizeText(word, null));
                    }
                }, log);
    }

    /** At JVM exit: a command word still being checked must be decided by then ({@code other} if not). */
    void finishCommandBy(long deadlineNanos) {
        commands.finishBy(deadlineNanos);
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
            context = EventContext.collect(config, configFile, environment, log);
            long t4 = System.nanoTime();
            log.debug("first event: version " + (t1 - start) / 1000 + " us, notice " + (t3 - t2) / 1000
                    + " us, context " + (t4 - t3) / 1000 + " us");
        }
        String command = recorded.command() == null ? null : recorded.command().resolve(commands);
        String eventType = recorded.eventType(command);
        // Only events that carry host strings need the sanitizer (and its classes) at all.
        boolean sanitizes = recorded.error() != null || !context.tags().isEmpty()
                || (EventTypes.METADATA.equals(eventType)
                        && (!config.pluginGlobs().isEmpty() || recorded.fields().get("plugins") != null));
        RedactionCounts counts = sanitizes ? new RedactionCounts() : null;
        Map<String, Object> fields = new LinkedHashMap<>();
        String eventId = SessionIds.newId();
        fields.put("eventType", eventType);
        fields.put("eventId", eventId);
        fields.put("time", Timestamps.utc(recorded.epochMillis()));
        fields.put("schemaVersion", EventTypes.SCHEMA_VERSION);
        fields.put("sessionId", sessionId);
        fields.put("command", command);
        fields.put("agentVersion", agentVersion);
        fields.putAll(context.identity());
        fields.putAll(recorded.fields());
        if (EventTypes.METADATA.equals(eventType)) {
            fields.putAll(metadata(recorded, counts));
        }
        if (recorded.error() != null) {
            fields.put("errorV2", errorV2(recorded, counts));
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

    /** What the tool runs with: its plugins, the size of its class path, and what the spool lost. */
    private Map<String, Object> metadata(RecordedEvent recorded, RedactionCounts counts) {
        Map<String, Object> out = new LinkedHashMap<>();
        String classPath = System.getProperty("java.class.path", "");
        List<String> plugins = new ArrayList<>();
        Object used = recorded.fields().get("plugins");
        if (used instanceof List) {
            // Plugins a framework integration saw the run use (Maven plugins), before the configured globs.
            for (Object plugin : (List<?>) used) {
                if (plugin instanceof String && plugins.size() < 100) {
                    plugins.add(sanitizer().sanitizeText((String) plugin, counts));
                }
            }
        }
        if (!config.pluginGlobs().isEmpty()) {
            for (String plugin : PluginScanner.scan(classPath, String.join(",", config.pluginGlobs()))) {
                plugins.add(sanitizer().sanitizeText(plugin, counts));
            }
        }
        out.put("plugins", plugins);
        out.put("classPathSize", classPath.isEmpty() ? 0 : classPath.split(java.io.File.pathSeparator, -1).length);
        out.put("droppedEvents", droppedEvents.getAsLong());
        return out;
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
    private Map<String, Object> errorV2(RecordedEvent recorded, RedactionCounts counts) {
        SanitizedThrowable error = sanitizer().sanitizeThrowable(recorded.error(), counts);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", fingerprint(error));
        out.put("type", error.type());
        out.put("text", error.message() == null ? error.type() : error.header());
        out.put("stack", error.toStackTrace());
        out.put("level", "ERROR");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("stage", recorded.fields().get("stage"));
        context.put("mainThread", recorded.fields().get("mainThread"));
        out.put("context", context);
        return out;
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

    private Map<String, String> sanitizerEnvironment() {
        if (config.errorMessages()) {
            return environment;
        }
        Map<String, String> copy = new LinkedHashMap<>(environment);
        copy.put(SanitizerSettings.ERROR_MESSAGES_ENV, "0");
        return copy;
    }
}
