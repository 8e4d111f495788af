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
                .containsExactly("CLI_RAW_COMMAND_BUILD", "CLI_COMMAND_METADATA", "CLI_COMMAND_BUILD_END");
        Map<String, Object> end = events.get(2).fields();
        assertThat(end).containsEntry("exitCode", 0).containsEntry("exitReason", "return")
                .containsEntry("command", "build").containsEntry("sessionId", "session-1")
                .containsKeys("machineId", "componentId", "componentVersion", "repositoryId", "osInformation");
        assertThat(events.get(0).fields().get("machineId")).isEqualTo(end.get("machineId"));
        assertThat(configHome.resolve("gatsby-telemetry-agent/config.json")).content().contains((String) end.get("machineId"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> stages = (Map<String, Map<String, Object>>) end.get("stages");
        assertThat(stages.get("load")).containsEntry("count", 1L).containsEntry("errors", 0L)
                .doesNotContainKey("sampled");
        assertThat(stages.get("render")).containsEntry("count", 1001L).containsEntry("errors", 1L)
                .containsEntry("sampled", true).containsKeys("total", "min", "max", "mean");
        assertThat((Double) stages.get("render").get("max")).isGreaterThanOrEqualTo((Double) stages.get("render").get("min"));
    }

    @Test
    void onlyTheOutermostCallOfARecursiveOrOverloadedStageCounts() {
        int load = recorder.hookRegistry().stageId("ConfigurationLoader#loadConfiguration");
        int other = recorder.hookRegistry().stageId("parse");
        recorder.commandEnter(0, new Object[] {new String[] {"check"}});
        // loadConfiguration(String) -> loadConfiguration(InputSource) -> parse -> loadConfiguration(...) recursion
        recorder.stageEnter(load);
        recorder.stageEnter(load);
        recorder.stageEnter(other);
        recorder.stageEnter(load);
        recorder.stageThrow(load, new IllegalStateException("inner"));
        recorder.stageExit(other);
        recorder.stageExit(load);
        recorder.stageExit(load);
        // a second, separate load that fails at the outermost level
        recorder.stageEnter(load);
        recorder.stageEnter(load);
        IllegalStateException failure = new IllegalStateException("outer");
        recorder.stageThrow(load, failure);
        recorder.stageThrow(load, failure);
        recorder.onShutdown();

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> stages = (Map<String, Map<String, Object>>) events.get(events.size() - 1)
                .fields().get("stages");
        assertThat(stages.get("ConfigurationLoader#loadConfiguration")).containsEntry("count", 2L)
                .containsEntry("errors", 1L).containsKeys("sum", "median", "stdDev");
        assertThat(stages.get("parse")).containsEntry("count", 1L).containsEntry("errors", 0L);
    }

    @Test
    void anExceptionThatEscapedAStageAndIsPrintedIsReportedOnceWithItsStage() {
        int load = recorder.hookRegistry().stageId("load");
        recorder.commandEnter(0, new Object[] {new String[] {"build"}});
        IllegalStateException failure = new IllegalStateException("bad config");
        recorder.stageEnter(load);
        recorder.stageThrow(load, failure);
        RuntimeException wrapper = new RuntimeException("build failed", failure);
        recorder.shown(wrapper, "printStackTrace");
        recorder.shown(wrapper, "log");
        recorder.shown(failure, "printStackTrace");
        recorder.exitRequested(1);
        recorder.onShutdown();

        List<TelemetryEvent> errors = events.stream().filter(e -> e.eventType().startsWith("CLI_ERROR_")).toList();
        assertThat(errors).extracting(TelemetryEvent::eventType).containsExactly("CLI_ERROR_CAUGHT_EXCEPTION");
        assertThat(errors.get(0).fields()).containsEntry("exceptionType", "java.lang.RuntimeException")
                .containsEntry("stage", "load").containsEntry("mainThread", true).doesNotContainKey("reportedBy");
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) ((Map<String, Object>) errors.get(0).fields().get("errorV2"))
                .get("context");
        assertThat(context).containsEntry("reportedBy", "printStackTrace").containsEntry("stage", "load");
    }

    @Test
    void caughtCandidatesAreReportedOnlyWhenTheRunFails() {
        int load = recorder.hookRegistry().stageId("load");
        recorder.commandEnter(0, new Object[] {new String[] {"build"}});
        recorder.stageEnter(load);
        recorder.stageThrow(load, new IllegalArgumentException("first"));
        recorder.shown(new UnsupportedOperationException("printed, never escaped"), "log");
        recorder.onShutdown();
        assertThat(events).extracting(TelemetryEvent::eventType).noneMatch(t -> t.startsWith("CLI_ERROR_"));
    }

    @Test
    void aFailingExitReportsWhatEscapedAndWasCaughtButNotWhatWasReportedAlready() {
        int load = recorder.hookRegistry().stageId("load");
        recorder.commandEnter(0, new Object[] {new String[] {"build"}});
        IllegalArgumentException inner = new IllegalArgumentException("inner");
        recorder.stageEnter(load);
        recorder.stageEnter(load);
        recorder.stageThrow(load, inner);
        IllegalStateException outer = new IllegalStateException("outer", inner);
        recorder.stageThrow(load, outer);
        recorder.error("COMMAND_FAILED", new RuntimeException("reported by a framework"));
        recorder.exitRequested(2);
        recorder.onShutdown();

        List<TelemetryEvent> caught = events.stream()
                .filter(e -> e.eventType().equals("CLI_ERROR_CAUGHT_EXCEPTION")).toList();
        assertThat(caught).hasSize(1);
        assertThat(caught.get(0).fields()).containsEntry("exceptionType", "java.lang.IllegalStateException")
                .containsEntry("stage", "load");
        assertThat(events.get(events.size() - 1).eventType()).isEqualTo("CLI_COMMAND_BUILD_END");
    }

    @Test
    void heartbeatsCarryTheStageStatisticsSoFarAndStopAtExit() throws Exception {
        int load = recorder.hookRegistry().stageId("load");
        recorder.commandEnter(0, new Object[] {new String[] {"develop"}});
        recorder.stageEnter(load);
        recorder.stageExit(load);
        recorder.startHeartbeats(1);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (events.stream().noneMatch(e -> e.eventType().equals("CLI_COMMAND_DEVELOP_HEARTBEAT"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        recorder.onShutdown();
        int ended = events.size();
        Thread.sleep(1_200);

        TelemetryEvent beat = events.stream().filter(e -> e.eventType().equals("CLI_COMMAND_DEVELOP_HEARTBEAT"))
                .findFirst().orElseThrow();
        assertThat(beat.fields()).containsKeys("duration", "stages").doesNotContainKeys("exitCode", "exitReason");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> stages = (Map<String, Map<String, Object>>) beat.fields().get("stages");
        assertThat(stages.get("load")).containsEntry("count", 1L);
        assertThat(events).as("no heartbeat after the end").hasSize(ended);
        assertThat(events.get(ended - 1).eventType()).isEqualTo("CLI_COMMAND_DEVELOP_END");
        String json = beat.toJson().replace("session-1", "3f1d8e0a-6b1c-4c58-9d3a-2b7e4f9c1a55");
        assertThat(EventSchemaTest.violations(json)).as(json).isEmpty();
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
                .containsEntry("eventType", "CLI_COMMAND_DEVELOP_END").containsEntry("exitCode", 143).containsEntry("exitReason", "signal");
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

        // at exit, queued error events are completed first (they cost the most to lose): the order may vary
        assertThat(events).extracting(TelemetryEvent::eventType).containsExactlyInAnyOrder(
                "CLI_RAW_COMMAND_BUILD", "CLI_COMMAND_METADATA", "CLI_ERROR_UNCAUGHT_EXCEPTION", "CLI_COMMAND_BUILD_END");
        inOrder("CLI_RAW_COMMAND_BUILD", "CLI_ERROR_UNCAUGHT_EXCEPTION", "CLI_COMMAND_BUILD_END");
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
        inOrder("CLI_RAW_COMMAND_BUILD", "CLI_ERROR_UNCAUGHT_EXCEPTION", "CLI_COMMAND_BUILD_END");
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
                .containsExactly("CLI_RAW_COMMAND_BUILD", "CLI_COMMAND_METADATA", "CLI_COMMAND_BUILD_END");
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
                .containsExactly("CLI_RAW_COMMAND_BUILD", "CLI_COMMAND_METADATA", "CLI_COMMAND_BUILD_END");
        assertThat(events.get(2).fields()).doesNotContainKeys("flags", "outcome");
    }

    @Test
    void anExceptionWhoseAccessorsThrowStillYieldsAnErrorEventWithItsType() {
        recorder.commandEnter(0, new Object[] {new String[] {"build"}});
        recorder.uncaughtException(main, new BrokenException());
        recorder.onShutdown();

        TelemetryEvent error = only("CLI_ERROR_UNCAUGHT_EXCEPTION");
        assertThat(error.fields()).containsEntry("exceptionType", BrokenException.class.getName())
                .containsEntry("mainThread", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> errorV2 = (Map<String, Object>) error.fields().get("errorV2");
        assertThat(errorV2).containsEntry("type", BrokenException.class.getName());
        assertThat((String) errorV2.get("text")).isEqualTo(BrokenException.class.getName()
                + ": (message unavailable: java.lang.IllegalStateException thrown)");
        assertThat(only("CLI_COMMAND_BUILD_END").fields()).containsEntry("suppressedErrors", 0L);
    }

    @Test
    void errorEventsAreCappedPerRunAndPerFingerprintAndTheRestIsCounted() {
        recorder.commandEnter(0, new Object[] {new String[] {"build"}});
        Thread worker = new Thread("pool-1");
        for (int i = 0; i < 3000; i++) {
            recorder.uncaughtException(worker, new IllegalStateException("same bug " + i)); // one fingerprint
        }
        for (int i = 0; i < 150; i++) {
            IllegalStateException distinct = new IllegalStateException("bug " + i);
            distinct.setStackTrace(new StackTraceElement[] {new StackTraceElement("app.Worker", "step" + i, "Worker.java", 1)});
            recorder.uncaughtException(worker, distinct);
        }
        recorder.onShutdown();

        List<TelemetryEvent> errors = events.stream()
                .filter(e -> e.eventType().equals("CLI_ERROR_UNCAUGHT_EXCEPTION")).toList();
        assertThat(errors).hasSize(ErrorBudget.MAX_PER_RUN);
        assertThat(only("CLI_COMMAND_BUILD_END").fields()).containsEntry("suppressedErrors", 3150L - ErrorBudget.MAX_PER_RUN);
        assertThat(errors.stream().filter(e -> String.valueOf(e.fields().get("errorV2")).contains("same bug")))
                .as("ten of the same fingerprint").hasSize(ErrorBudget.MAX_PER_FINGERPRINT);
    }

    @Test
    void theEndEventIsKeptDurablyBeforeAnythingElseAtExitUnderTheIdItIsSentWith() {
        List<String> calls = new CopyOnWriteArrayList<>();
        List<String[]> kept = new CopyOnWriteArrayList<>();
        EventWorker recording = new EventWorker(new EventFactory("session-2", AgentConfig.builder().build(),
                Map.of("XDG_CONFIG_HOME", configHome.toString()), new AgentLog(System.err, false)), List.of(new EventSink() {
            @Override
            public void accept(TelemetryEvent event) {
                calls.add("accept " + event.eventType() + " " + event.eventId());
            }

            @Override
            public void keepPending(String eventId, String key, String head, String tail) {
                calls.add("keep " + eventId);
                kept.add(new String[] {key, head, tail});
            }

            @Override
            public void exitBegins() {
                calls.add("exit begins");
            }
        }), new AgentLog(new PrintStream(new ByteArrayOutputStream()), false), 5_000);
        Recorder exiting = entryPointIsThisClass(new Recorder(Set.of(), main, "session-2", recording));
        exiting.deferCommandStart(); // nothing is completed before the exit
        exiting.commandEnter(0, new Object[] {new String[] {"build"}});
        exiting.exitRequested(3);
        exiting.onShutdown();

        assertThat(calls.get(0)).as("optional work stops first").isEqualTo("exit begins");
        assertThat(calls).containsOnlyOnce("exit begins");
        assertThat(calls.get(1)).startsWith("keep ");
        String endId = calls.get(1).substring("keep ".length());
        assertThat(calls).contains("accept CLI_COMMAND_BUILD_END " + endId);
        String[] parts = kept.get(0);
        assertThat(parts[0]).as("no identity known yet: a key for the same tool to complete it").matches("[0-9a-f]{32}");
        // the record is kept before the command word was checked, so it may not name it
        assertThat(parts[1]).contains("\"eventType\":\"CLI_COMMAND_OTHER_END\"", "\"eventId\":\"" + endId + "\"",
                "\"sessionId\":\"session-2\"").doesNotContain("machineId");
        assertThat(parts[2]).contains("\"exitCode\":3", "\"exitReason\":\"exit\"", "\"suppressedErrors\":0");
    }

    /** An exception whose every accessor throws. */
    static final class BrokenException extends RuntimeException {
        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage failed");
        }

        @Override
        public String getLocalizedMessage() {
            throw new IllegalStateException("getLocalizedMessage failed");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString failed");
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            throw new IllegalStateException("getStackTrace failed");
        }

        @Override
        public synchronized Throwable getCause() {
            throw new IllegalStateException("getCause failed");
        }
    }

    private TelemetryEvent only(String type) {
        List<TelemetryEvent> found = events.stream().filter(e -> e.eventType().equals(type)).toList();
        assertThat(found).as("%s in %s", type, events).hasSize(1);
        return found.get(0);
    }

    /** Keeps only these event types, in this order, in {@code events}, failing if any is missing. */
    private void inOrder(String... types) {
        List<TelemetryEvent> ordered = new java.util.ArrayList<>();
        for (String type : types) {
            ordered.add(only(type));
        }
        events.clear();
        events.addAll(ordered);
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
