package dev.gatsbytelemetry.collector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schema-valid events shaped like the agent's, for one run (session) of a tool: start, metadata,
 * errors and end. {@link #json} writes a batch as the agent POSTs it.
 */
public final class SampleEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The newest schema version the collector accepts: what today's agent sends. */
    public static final int CURRENT_VERSION = new dev.gatsbytelemetry.collector.ingest.EventValidator().versions()
            .stream().max(Integer::compare).orElseThrow();

    private final String sessionId = UUID.randomUUID().toString();
    private final String machineId;
    private final String component;
    private final String version;
    private final String command;
    private String time = "2026-12-01T10:00:00.000Z";
    private boolean ci;
    private String javaVersion = "17.0.15";
    private int schemaVersion = CURRENT_VERSION;

    public SampleEvents(String machineId, String component, String version, String command) {
        this.machineId = machineId;
        this.component = component;
        this.version = version;
        this.command = command;
    }

    public static SampleEvents run(String command) {
        return new SampleEvents(UUID.randomUUID().toString(), "sitegen", "1.0.0", command);
    }

    public SampleEvents at(String isoTime) {
        this.time = isoTime;
        return this;
    }

    /** Events of schema version {@code version}: its event names and fields. */
    public SampleEvents version(int version) {
        this.schemaVersion = version;
        return this;
    }

    public SampleEvents inCi() {
        this.ci = true;
        return this;
    }

    public SampleEvents java(String version) {
        this.javaVersion = version;
        return this;
    }

    public String sessionId() {
        return sessionId;
    }

    public Map<String, Object> start() {
        String name = command.toUpperCase();
        return base(schemaVersion >= 2 ? "CLI_RAW_COMMAND_" + name : "CLI_COMMAND_" + name);
    }

    /** @param stages stage name → {count, errors, total} */
    public Map<String, Object> end(int exitCode, long durationMs, Map<String, long[]> stages) {
        String upper = command.toUpperCase();
        Map<String, Object> e = base(schemaVersion >= 2 ? "CLI_COMMAND_" + upper + "_END" : upper + "_END");
        e.put("exitCode", exitCode);
        e.put("exitReason", exitCode == 0 ? "return" : "exit");
        e.put("duration", durationMs);
        Map<String, Object> s = new LinkedHashMap<>();
        stages.forEach((name, v) -> s.put(name, Map.of("count", v[0], "errors", v[1], "total", v[2],
                "min", 0, "max", v[2], "mean", v[0] == 0 ? 0 : (double) v[2] / v[0])));
        e.put("stages", s);
        return e;
    }

    public Map<String, Object> metadata(String... plugins) {
        Map<String, Object> e = base("CLI_COMMAND_METADATA");
        e.put("plugins", List.of(plugins));
        e.put("classPathSize", 3);
        e.put("droppedEvents", 0);
        return e;
    }

    public Map<String, Object> error(String exceptionType, String stage, String fingerprint) {
        return error(exceptionType, stage, fingerprint, null);
    }

    /** @param plugin the plugin blamed ({@code name@version}), schema version 2 on; null for none */
    public Map<String, Object> error(String exceptionType, String stage, String fingerprint, String plugin) {
        Map<String, Object> e = base("CLI_ERROR_UNCAUGHT_EXCEPTION");
        if (schemaVersion >= 2) {
            e.put("plugin", plugin);
        }
        e.put("errorKind", "UNCAUGHT_EXCEPTION");
        e.put("exceptionType", exceptionType);
        e.put("stage", stage);
        e.put("mainThread", true);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("stage", stage);
        context.put("mainThread", true);
        e.put("errorV2", Map.of("id", fingerprint, "type", exceptionType, "text", exceptionType + ": it broke",
                "stack", exceptionType + ": it broke\n\tat x.Y.z(Y.java)", "level", "ERROR", "context", context));
        return e;
    }

    private Map<String, Object> base(String eventType) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventType", eventType);
        e.put("eventId", UUID.randomUUID().toString());
        e.put("time", time);
        e.put("schemaVersion", schemaVersion);
        e.put("sessionId", sessionId);
        e.put("command", command);
        e.put("agentVersion", "0.1.0");
        e.put("machineId", machineId);
        e.put("componentId", component);
        e.put("componentVersion", version);
        e.put("repositoryId", "pwd:" + "0".repeat(64));
        e.put("repositoryData", Map.of());
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("platform", "linux");
        os.put("release", "6.1");
        os.put("arch", "x64");
        os.put("cpus", null);
        os.put("cpuCount", 2);
        os.put("javaVersion", javaVersion);
        os.put("javaVendor", "Debian");
        os.put("ci", ci);
        os.put("ciName", ci ? "GitHub Actions" : null);
        os.put("docker", false);
        os.put("termProgram", null);
        os.put("isTTY", !ci);
        e.put("osInformation", os);
        return e;
    }

    /** A JSON array of the given events, as the agent sends it. */
    public static String json(List<Map<String, Object>> events) {
        return JSON.writeValueAsString(events);
    }

    @SafeVarargs
    public static String json(Map<String, Object>... events) {
        return json(List.of(events));
    }

    /** {@code n} start events of distinct runs: the simplest valid batch. */
    public static List<Map<String, Object>> starts(int n) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(run("build").start());
        }
        return events;
    }
}
