package dev.gatsbytelemetry.agent.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.gatsbytelemetry.agent.config.AgentConfig;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.event.TelemetryEvent;
import dev.gatsbytelemetry.agent.sender.EventSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every event type the recorder makes is valid against the published docs/event-schema.json. */
class EventSchemaTest {

    @TempDir
    static Path configHome;
    private static Schema schema;

    private final List<TelemetryEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void loadSchema() throws Exception {
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("..", "docs", "event-schema.json")), InputFormat.JSON);
    }

    static List<String> violations(String json) {
        if (schema == null) {
            try {
                loadSchema();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return schema.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    @Test
    void everyEventOfAFailingRunIsSchemaValid() {
        AgentConfig config = AgentConfig.builder().tagsJson("{\"team\":\"docs\",\"n\":3,\"nested\":{\"x\":1}}").build();
        EventWorker worker = new EventWorker(new EventFactory("3f1d8e0a-6b1c-4c58-9d3a-2b7e4f9c1a55", config,
                Map.of("XDG_CONFIG_HOME", configHome.toString()), new AgentLog(System.err, false)),
                List.of(new EventSink() {
                    @Override
                    public void accept(TelemetryEvent event) {
                        events.add(event);
                    }
                }), new AgentLog(System.err, false), 5_000);
        Recorder recorder = RecorderTest.entryPointIsThisClass(
                new Recorder(Set.of(), Thread.currentThread(), "3f1d8e0a-6b1c-4c58-9d3a-2b7e4f9c1a55", worker));
        int stage = recorder.hookRegistry().stageId("render pages");
        recorder.commandEnter(0, new Object[] {new String[] {"build"}});
        for (int i = 0; i < 300; i++) {
            recorder.stageEnter(stage);
            recorder.stageExit(stage);
        }
        IllegalStateException failure = new IllegalStateException("missing partial in /home/alice/site/page.html");
        recorder.stageEnter(stage);
        recorder.stageThrow(stage, failure);
        recorder.uncaughtException(Thread.currentThread(), failure);
        recorder.exitRequested(3);
        recorder.onShutdown();

        // at exit, queued error events are completed first: the order may vary
        assertThat(events).extracting(TelemetryEvent::eventType).containsExactlyInAnyOrder(
                "CLI_RAW_COMMAND_BUILD", "CLI_COMMAND_METADATA", "CLI_ERROR_UNCAUGHT_EXCEPTION", "CLI_COMMAND_BUILD_END");
        for (TelemetryEvent event : events) {
            assertThat(violations(event.toJson())).as(event.toJson()).isEmpty();
        }
    }

    @Test
    void everyEventOfAFrameworkRunIsSchemaValid() {
        EventWorker worker = new EventWorker(new EventFactory("3f1d8e0a-6b1c-4c58-9d3a-2b7e4f9c1a55",
                AgentConfig.builder().build(), Map.of("XDG_CONFIG_HOME", configHome.toString()),
                new AgentLog(System.err, false)),
                List.of(new EventSink() {
                    @Override
                    public void accept(TelemetryEvent event) {
                        events.add(event);
                    }
                }), new AgentLog(System.err, false), 5_000);
        Recorder recorder = RecorderTest.entryPointIsThisClass(
                new Recorder(Set.of(), Thread.currentThread(), "3f1d8e0a-6b1c-4c58-9d3a-2b7e4f9c1a55", worker));
        recorder.deferCommandStart();
        recorder.commandEnter(0, new Object[] {new String[] {"-q", "site", "b"}});
        recorder.nameCommand(List.of("site", "build"));
        recorder.flags(List.of("--verbose", "-o", "secret value"));
        recorder.stageTimed("org.apache.maven.plugins:maven-compiler-plugin:compile@default-compile", 5_000_000, true);
        recorder.pluginUsed("org.apache.maven.plugins:maven-compiler-plugin@3.13.0");
        recorder.error("PARAMETER_ERROR", new IllegalArgumentException("Unknown option: '--x' in /home/alice/a"));
        recorder.error("BUILD_FAILED", new IllegalStateException("Compilation failure"));
        recorder.commandTimed(3_000_000);
        recorder.commandExitCode(2);
        recorder.outcome("failure");
        recorder.commandExit(0);
        recorder.onShutdown();

        // at exit, queued error events are completed first: the order may vary
        List<String> order = List.of("CLI_RAW_COMMAND_SITE_BUILD", "CLI_ERROR_PARAMETER_ERROR", "CLI_ERROR_BUILD_FAILED",
                "CLI_COMMAND_METADATA", "CLI_COMMAND_SITE_BUILD_END");
        assertThat(events).extracting(TelemetryEvent::eventType).containsExactlyInAnyOrderElementsOf(order);
        events.sort(java.util.Comparator.comparing(e -> order.indexOf(e.eventType())));
        for (TelemetryEvent event : events) {
            assertThat(violations(event.toJson())).as(event.toJson()).isEmpty();
        }
        Map<String, Object> end = events.get(4).fields();
        assertThat(end).containsEntry("command", "site build").containsEntry("exitCode", 2)
                .containsEntry("duration", 3L).containsEntry("flags", List.of("--verbose", "-o"))
                .containsEntry("outcome", "failure");
        assertThat(events.get(3).fields().get("plugins"))
                .isEqualTo(List.of("org.apache.maven.plugins:maven-compiler-plugin@3.13.0"));
    }

    @Test
    void theSchemaRejectsWhatItShould() {
        String valid = "{\"eventType\":\"CLI_RAW_COMMAND_BUILD\",\"eventId\":\"3f1d8e0a-6b1c-4c58-9d3a-2b7e4f9c1a55\","
                + "\"time\":\"2026-01-01T00:00:00.000Z\",\"schemaVersion\":2,\"sessionId\":\"3f1d8e0a-6b1c-4c58-9d3a-2b7e4f9c1a55\","
                + "\"command\":\"build\",\"agentVersion\":\"0.1.0\",\"machineId\":\"3f1d8e0a-6b1c-4c58-9d3a-2b7e4f9c1a55\","
                + "\"componentId\":\"sitegen\",\"componentVersion\":\"1.4.2\",\"repositoryId\":\"pwd:" + "a".repeat(64) + "\","
                + "\"repositoryData\":{},\"osInformation\":{\"platform\":\"linux\",\"release\":\"6\",\"arch\":\"x64\","
                + "\"cpus\":null,\"cpuCount\":2,\"javaVersion\":\"17\",\"javaVendor\":\"x\",\"ci\":false,\"ciName\":null,"
                + "\"docker\":false,\"termProgram\":null,\"isTTY\":false}}";
        assertThat(violations(valid)).isEmpty();
        assertThat(violations(valid.replace("\"command\":\"build\"", "\"command\":\"/home/alice\""))).isNotEmpty();
        assertThat(violations(valid.replace("{\"eventType\"", "{\"surprise\":1,\"eventType\""))).isNotEmpty();
        assertThat(violations(valid.replace("CLI_RAW_COMMAND_BUILD", "CLI_COMMAND_BUILD_END"))).as("end without exitCode").isNotEmpty();
        assertThat(violations(valid.replace("CLI_RAW_COMMAND_BUILD", "CLI_COMMAND_BUILD_HEARTBEAT")))
                .as("heartbeat without stages").isNotEmpty();
        assertThat(violations(valid.replace("CLI_RAW_COMMAND_BUILD", "BUILD_END"))).as("a v1 name").isNotEmpty();
        assertThat(violations(valid.replace("\"schemaVersion\":2", "\"schemaVersion\":1"))).as("v1").isNotEmpty();
        assertThat(violations(valid.replace("\"repositoryId\":\"pwd:", "\"repositoryId\":\"home:"))).isNotEmpty();
    }
}
