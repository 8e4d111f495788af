package dev.gatsbytelemetry.agent.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.event.TelemetryEvent;
import dev.gatsbytelemetry.agent.sender.EventSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import dev.gatsbytelemetry.agent.config.AgentConfig;

class RecorderTest {

    @TempDir
    static Path configHome;

    private final List<TelemetryEvent> events = new CopyOnWriteArrayList<>();
    private final EventWorker worker = new EventWorker(new EventFactory("session-1", AgentConfig.builder().build(),
            Map.of("XDG_CONFIG_HOME", configHome.toString()), new AgentLog(System.err, false)), List.of(new EventSink() {
        @Override
        public void accept(TelemetryEvent event) {
            events.add(event);
        }
    }), new AgentLog(new PrintStream(new ByteArrayOutputStream()), false), 5_000);
    private final Thread main = Thread.currentThread();
    private final Recorder recorder = entryPointIsThisClass(new Recorder(Set.of(), main, "session-1", worker));

    /**
     * Entry point 0 is this test class, whose class file holds the command words used below
     * ("build", "develop", "nested") as string constants, so the recorder may report them.
     */
    static Recorder entryPointIsThisClass(Recorder recorder) {
        recorder.hookRegistry().entryPointId(RecorderTest.class.getName() + "#main");
        return recorder;
    }

    @Test
    void commandStagesAndNormalReturnMakeAStartAndAnEndEvent() {
        int load = recorder.hookRegistry().stageId("load");
        int render = recorder.hookRegistry().stageId("render");
        assertThat(recorder.hookRegistry().stageId("load")).isEqualTo(load);
        recorder.commandEnter(0, new Object[] {new String[] {"--quiet", "build"}});
        recorder.stageEnter(load);
        recorder.stageExit(load);
        for (int i = 0; i < 1000; i++) {
            recorder.stageEnter(render);
            recorder.stageExit(render);
        }
        recorder.stageEnter(render);
        recorder.stageThrow(render, new IllegalStateException());
        recorder.commandExit(0);
        recorder.onShutdown();

        assertThat(events).extracting(TelemetryEvent::eventType)
                .containsExactly("CLI_COMMAND_BUILD", "CLI_COMMAND_METADATA", "BUILD_END");
        Map<String, Object> end = events.get(2).fields();
        assertThat(end).containsEntry("exitCode", 0).containsEntry("exitReason", "return")
                .containsEntry("command", "build").containsEntry("sessionId", "session-1")
                .containsKeys("machineId", "componentId", "componentVersion", "repositoryId", "osInformation");
        assertThat(events.get(0).fields().get("machineId")).isEqualTo(end.get("machineId"));
        assertThat(configHome.resolve("gatsby/config.json")).content().contains((String) end.get("machineId"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> stages = (Map<String, Map<String, Object>>) end.get("stages");
        assertThat(stages.get("load")).containsEntry("count", 1L).containsEntry("errors", 0L)
                .doesNotContainKey("sampled");
        assertThat(stages.get("render")).containsEntry("count", 1001L).containsEntry("errors", 1L)
                .containsEntry("sampled", true).containsKeys("total", "min", "max", "mean");
        assertThat((Double) stages.get("render").get("max")).isGreaterThanOrEqualTo((Double) stages.get("render").get("min"));
    }

    @Test
    void exitStatusWinsAndSignalsAreRecognisedByTheirHandlerThread() throws Exception {
        recorder.commandEnter(0, new Object[] {new String[] {"develop"}});
        Thread signal = new Thread(() -> recorder.exitRequested(143), "SIGTERM handler");
        signal.start();
        signal.join();
        recorder.exitRequested(1);
        recorder.onShutdown();
        assertThat(events.get(events.size() - 1).fields())
                .containsEntry("eventType", "DEVELOP_END").containsEntry("exitCode", 143).containsEntry("exitReason", "signal");
    }

    @Test
    void uncaughtExceptionOnTheMainThreadMeansExitCodeOneAndNamesTheStageItEscaped() {
        int transform = recorder.hookRegistry().stageId("transform");
        recorder.commandEnter(0, new Object[] {new String[] {"build"}});
        IllegalArgumentException boom = new IllegalArgumentException("bad front matter");
        recorder.stageEnter(transform);
        recorder.stageThrow(transform, boom);
        RuntimeException wrapped = new RuntimeException(boom);
        recorder.commandThrow(0, wrapped);
        recorder.uncaughtException(main, wrapped);
        recorder.onShutdown();

        assertThat(events).extracting(TelemetryEvent::eventType)
                .containsExactly("CLI_COMMAND_BUILD", "CLI_COMMAND_METADATA", "CLI_ERROR_UNCAUGHT_EXCEPTION", "BUILD_END");
        events.remove(1);
        assertThat(events.get(1).fields()).containsEntry("exceptionType", "java.lang.RuntimeException")
                .containsEntry("stage", "transform").containsEntry("mainThread", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) events.get(1).fields().get("errorV2");
        assertThat(error).containsEntry("type", "java.lang.RuntimeException").containsEntry("level", "ERROR")
                .containsKeys("id", "text", "stack", "context");
        assertThat((String) error.get("stack")).contains("Caused by: java.lang.IllegalArgumentException: bad front matter");
        assertThat(events.get(2).fields()).containsEntry("exitCode", 1).containsEntry("exitReason", "exception");
    }

    @Test
    void anUncaughtExceptionOnAnotherThreadDoesNotChangeTheExitCode() {
        recorder.commandEnter(0, new Object[] {new String[] {"build"}});
        recorder.uncaughtException(new Thread("render-1"), new IllegalStateException());
        recorder.commandExit(0);
        recorder.onShutdown();
        events.remove(1);
        assertThat(events.get(1).fields()).containsEntry("mainThread", false).containsEntry("stage", null);
        assertThat(events.get(2).fields()).containsEntry("exitCode", 0);
    }

    @Test
    void onlyTheFirstEntryPointStartsTheCommand() {
        recorder.commandEnter(0, new Object[] {new String[] {"build"}});
        recorder.commandEnter(1, new Object[] {"nested"});
        recorder.commandExit(1);
        recorder.commandExit(0);
        recorder.onShutdown();
        assertThat(events).extracting(TelemetryEvent::eventType)
                .containsExactly("CLI_COMMAND_BUILD", "CLI_COMMAND_METADATA", "BUILD_END");
    }

    @Test
    void childProcessesInheritTheSessionId() {
        ProcessBuilder builder = new ProcessBuilder("true");
        recorder.processStarting(builder);
        assertThat(builder.environment()).containsEntry("GATSBY_TELEMETRY_SESSION_ID", "session-1");
        ProcessBuilder explicit = new ProcessBuilder("true");
        explicit.environment().put("GATSBY_TELEMETRY_SESSION_ID", "chosen-by-the-app");
        recorder.processStarting(explicit);
        assertThat(explicit.environment()).containsEntry("GATSBY_TELEMETRY_SESSION_ID", "chosen-by-the-app");
    }

    @Test
    void noCommandMeansNoEndEvent() {
        recorder.onShutdown();
        assertThat(events).isEmpty();
    }

    @Test
    void stackToleratesUnbalancedCalls() {
        ThreadStageStack stack = new ThreadStageStack();
        assertThat(stack.pop()).isEqualTo(ThreadStageStack.NOT_TIMED);
        for (int i = 0; i < 2000; i++) {
            stack.push(i);
        }
        for (int i = 0; i < 2000; i++) {
            stack.pop();
        }
        assertThat(stack.pop()).isEqualTo(ThreadStageStack.NOT_TIMED);
    }

    @Test
    void everyCallIsTimedAtFirstThenOneInThirtyTwo() {
        ThreadStageStack stack = new ThreadStageStack();
        int timed = 0;
        for (int i = 0; i < ThreadStageStack.FULLY_TIMED_CALLS + 320; i++) {
            timed += stack.shouldTime(3) ? 1 : 0;
        }
        assertThat(timed).isEqualTo(ThreadStageStack.FULLY_TIMED_CALLS + 10);
    }

    @Test
    void withoutFrameworkNamingADeferredStartIsSentWhenTheEntryPointReturns() {
        recorder.deferCommandStart();
        recorder.commandEnter(0, new Object[] {new String[] {"build"}});
        recorder.commandEnter(0, new Object[] {new String[] {"nested"}});
        recorder.commandExit(0);
        assertThat(events).isEmpty();
        recorder.commandExit(0);
        recorder.nameCommand(List.of("too", "late"));
        recorder.onShutdown();
        assertThat(events).extracting(TelemetryEvent::eventType)
                .containsExactly("CLI_COMMAND_BUILD", "CLI_COMMAND_METADATA", "BUILD_END");
        assertThat(events.get(2).fields()).doesNotContainKeys("flags", "outcome");
    }

    @Test
    void frameworkPathsAreCheckedWordByWord() {
        assertThat(CommandNames.fromPath(List.of("site", "build"), Set.of())).isEqualTo("site build");
        assertThat(CommandNames.fromPath(List.of(), Set.of())).isEqualTo("default");
        assertThat(CommandNames.fromPath(List.of("clean", "/home/alice/x"), Set.of())).isEqualTo("clean other");
        assertThat(CommandNames.fromPath(List.of("site", "build"), Set.of("site"))).isEqualTo("other");
        assertThat(Recorder.isOptionName("--dry-run")).isTrue();
        assertThat(Recorder.isOptionName("-Dkey=value")).isFalse();
        assertThat(Recorder.isOptionName("--")).isFalse();
    }
}
