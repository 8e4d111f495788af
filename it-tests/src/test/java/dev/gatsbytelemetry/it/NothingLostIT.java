package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.SampleSite.ALL_STAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatsbytelemetry.it.LoopbackCollector.Behaviour;
import dev.gatsbytelemetry.it.LoopbackCollector.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 with real JVMs and a real loopback collector: the end of a run survives a busy machine,
 * a collector refusing large batches loses nothing but the one event it refuses alone, and every
 * repeat of a batch (after a slow answer, after {@code kill -9}) carries the same Idempotency-Key.
 */
class NothingLostIT {

    private static final int PAGES = 5;
    private static final int CONCURRENT_RUNS = 20;

    @TempDir
    Path sandbox;

    private LoopbackCollector collector;
    private SandboxSpool spool;

    @BeforeEach
    void startCollector() {
        collector = new LoopbackCollector();
        spool = new SandboxSpool(sandbox);
        SampleSite.scaffold(sandbox, "site", PAGES);
    }

    @AfterEach
    void stopCollector() {
        collector.close();
    }

    /**
     * 20 JVMs started at once on this (2-core) machine, sharing one home and one spool, each ending
     * with an uncaught exception, against a healthy collector; then one ordinary run. Every run's end
     * event and error event reach the collector.
     */
    @Test
    void twentyConcurrentFailingRunsLoseNeitherTheirEndNorTheirErrorEvents() throws IOException {
        Path failing = SampleSite.scaffold(sandbox, "failing", PAGES);
        SampleSite.addUnclosedFrontMatter(failing);
        List<JvmRun.Running> running = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_RUNS; i++) {
            running.add(agent(JvmRun.sampleApp(sandbox, "build", "--dir", "failing"))
                    .timeout(Duration.ofMinutes(3)).start());
        }
        List<RunResult> results = running.stream().map(JvmRun.Running::awaitExit).toList();
        for (RunResult result : results) {
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
            assertThat(result.stderr()).contains("FrontMatterException");
        }
        int endsBeforeRecovery = sessionsWith(received(), NothingLostIT::isFailedEnd).size();
        int errorsBeforeRecovery = sessionsWith(received(), NothingLostIT::isError).size();

        // the recovery run: a later, successful run of the same tool in the same place, with time to
        // deliver; a back-off window a loaded run may have opened is ended as its expiry would
        spool.endBackoff();
        RunResult recovery = agent(JvmRun.sampleApp(sandbox, "build", "--dir", "site"))
                .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "20000").env("GATSBY_TELEMETRY_VERBOSE", "1").run();
        assertThat(recovery.exitCode()).as(recovery.describe()).isZero();

        List<JsonNode> received = received();
        received.forEach(event -> EventSchema.check(event.toString()));
        Set<String> ends = sessionsWith(received, NothingLostIT::isFailedEnd);
        Set<String> errors = sessionsWith(received, NothingLostIT::isError);
        long completedLater = received.stream().filter(NothingLostIT::isError)
                .filter(e -> e.path("errorV2").path("text").asText().contains("not completed within the exit budget"))
                .count();
        System.out.printf("[nothing-lost] %d concurrent failing runs: end events delivered %d before recovery, %d after;"
                        + " error events %d before, %d after (%d completed later, without message); spool after"
                        + " recovery: %s%n", CONCURRENT_RUNS, endsBeforeRecovery, ends.size(), errorsBeforeRecovery,
                errors.size(), completedLater, spoolListing());
        // Nothing lost, and nothing left: every session's end and error event arrived after one
        // recovery run. (A record left claimed by a failing run that exited while completing another
        // run's record used to wait for yet another run, about one time in six: PendingRecords now
        // takes such a claim back and completes it in the same pass.)
        String left = pendingRecords() + "\n" + recovery.describe();
        assertThat(ends).as("sessions whose end event arrived; left:%n%s", left).hasSize(CONCURRENT_RUNS);
        assertThat(errors).as("sessions whose error event arrived; left:%n%s", left).hasSize(CONCURRENT_RUNS);
        assertThat(errors).isEqualTo(ends);
        assertThat(spoolListing()).as("nothing is left for a later run; left:%n%s", left)
                .noneMatch(name -> name.startsWith("pending-") || name.startsWith("batch-"));
        for (JsonNode end : received) {
            if (isFailedEnd(end)) {
                assertThat(end.path("exitCode").asInt()).isEqualTo(1);
                assertThat(end.path("suppressedErrors").asLong(-1)).isZero();
                assertThat(end.path("machineId").asText()).isNotEmpty();
                assertThat(EventAssertions.stage(end, SampleSite.TRANSFORM_NAME).path("errors").asInt()).isPositive();
            }
        }
    }

    /**
     * A collector that refuses any request of more than one event with 413, and the end event
     * whatever its company: every other event arrives (the batches are split down to single
     * events), and only the end event, refused alone, is dropped and counted.
     */
    @Test
    void a413CollectorGetsEveryEventButTheOneItRefusesAloneWhichIsCounted() {
        collector.behave(Behaviour.TOO_LARGE_413);
        collector.limit413(1, "\"exitReason\"");
        RunResult refused = verbose(JvmRun.sampleApp(sandbox, "build", "--dir", "site"), Behaviour.TOO_LARGE_413)
                .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "10000").run();
        assertThat(refused.exitCode()).as(refused.describe()).isZero();

        List<String> printed = ids(refused.events());
        String endId = refused.events().stream().filter(NothingLostIT::isEnd).findFirst().orElseThrow()
                .path("eventId").asText();
        List<String> accepted = new ArrayList<>();
        for (Request request : collector.answered2xx()) {
            assertThat(request.events()).hasSize(1);
            accepted.addAll(request.eventIds());
        }
        List<String> expected = new ArrayList<>(printed);
        expected.remove(endId);
        assertThat(accepted).as("split down to single events%n%s", refused.describe())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(collector.requests(Behaviour.TOO_LARGE_413).stream()
                .filter(r -> r.eventIds().equals(List.of(endId)))).as("the end event was tried alone").isNotEmpty();

        collector.behave(Behaviour.HEALTHY);
        RunResult next = verbose(JvmRun.sampleApp(sandbox, "build", "--dir", "site"), Behaviour.HEALTHY).run();
        JsonNode metadata = next.events().stream()
                .filter(e -> e.path("eventType").asText().equals("CLI_COMMAND_METADATA")).findFirst().orElseThrow();
        assertThat(metadata.path("droppedEvents").asLong(-1)).as("the refused event is counted: %s", metadata)
                .isEqualTo(1);
    }

    /** A collector that received a batch but answered after the agent's timeout gets it again, with the same key. */
    @Test
    void aBatchAnsweredTooLateIsResentWithTheSameIdempotencyKey() throws IOException {
        collector.behave(Behaviour.SLOW);
        RunResult slow = verbose(JvmRun.sampleApp(sandbox, "build", "--dir", "site"), Behaviour.SLOW).run();
        assertThat(slow.exitCode()).isZero();
        List<Request> tooLate = collector.requests(Behaviour.SLOW);
        assertThat(tooLate).as("the slow collector read a batch%n%s", slow.describe()).isNotEmpty();

        spool.endBackoff();
        collector.behave(Behaviour.HEALTHY);
        RunResult recovery = verbose(JvmRun.sampleApp(sandbox, "build", "--dir", "site"), Behaviour.HEALTHY)
                .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "10000").run();
        assertThat(recovery.exitCode()).isZero();
        assertResentWithTheSameKey(tooLate);
    }

    /** A batch in flight when its JVM is killed with SIGKILL is resent by a later run, with the same key. */
    @Test
    void aBatchInFlightAtKillMinusNineIsResentWithTheSameIdempotencyKey() throws Exception {
        collector.behave(Behaviour.SLOW);
        JvmRun.Running develop = verbose(JvmRun.sampleApp(sandbox, "develop", "--dir", "site", "--port", "0"),
                Behaviour.SLOW).start();
        develop.awaitStdout("Serving ");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (collector.requests(Behaviour.SLOW).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<Request> inFlight = collector.requests(Behaviour.SLOW);
        assertThat(inFlight).as("develop's sender posted a batch").isNotEmpty();
        develop.process().toHandle().destroyForcibly();
        RunResult killed = develop.awaitExit();
        assertThat(killed.exitCode()).isEqualTo(137);

        spool.endBackoff();
        collector.behave(Behaviour.HEALTHY);
        RunResult recovery = verbose(JvmRun.sampleApp(sandbox, "build", "--dir", "site"), Behaviour.HEALTHY)
                .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "10000").run();
        assertThat(recovery.exitCode()).isZero();
        assertResentWithTheSameKey(inFlight);
    }

    /**
     * A run against a black-hole collector keeps its events; {@code telemetry --send} (the agent jar's
     * command, a real JVM) then delivers them at once, as a later run would, and tidies the temp files
     * halted writers left in the spool: old ones go, a fresh one (a writer at work) stays.
     */
    @Test
    void telemetrySendDeliversWhatABlackHoleRunKeptAndStrayTempFilesGo() throws IOException {
        collector.behave(Behaviour.BLACK_HOLE);
        RunResult kept = verbose(JvmRun.sampleApp(sandbox, "build", "--dir", "site"), Behaviour.BLACK_HOLE).run();
        assertThat(kept.exitCode()).as(kept.describe()).isZero();
        List<String> printed = ids(kept.events());
        assertThat(collector.eventIds(Behaviour.HEALTHY)).isEmpty();

        Path spool = spoolDirectory();
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - Duration.ofMinutes(30).toMillis());
        for (String name : List.of(".tmp-000007-00000000000000aa.part", ".tmp-pending-1f2e3d", ".tmp-5a5a5a5a.part")) {
            Files.setLastModifiedTime(Files.writeString(spool.resolve(name), "[{\"half\":"), old);
        }
        Files.writeString(spool.resolve(".tmp-000008-00000000000000bb.part"), "[{\"being\":");

        collector.behave(Behaviour.HEALTHY);
        RunResult send = ConsentRuns.cli(sandbox, Map.of("GATSBY_TELEMETRY_API", collector.endpoint(Behaviour.HEALTHY)),
                "telemetry", "--send");
        assertThat(send.exitCode()).as(send.describe()).isZero();
        assertThat(send.stdout()).contains("Sent " + printed.size() + " events to ");
        assertThat(collector.eventIds(Behaviour.HEALTHY)).as(send.describe()).containsAll(printed);
        assertThat(spoolListing()).noneMatch(name -> name.startsWith("batch-") || name.startsWith("pending-"))
                .filteredOn(name -> name.startsWith(".tmp-")).containsExactly(".tmp-000008-00000000000000bb.part");

        RunResult status = ConsentRuns.cli(sandbox, Map.of(), "telemetry", "--status");
        assertThat(status.stdout()).contains("Events waiting to be sent: 0",
                "Spool: 0 batch files; events kept at exit, not completed yet: 0");
    }

    /**
     * 3,000 threads dying of 20 kinds of exception in one run: the collector gets the capped number
     * of error events, and the end event says how many were not produced.
     */
    @Test
    void threeThousandFailingThreadsGiveTheCappedErrorsAndTheEndEventCountsTheRest() {
        Path classes = Fixtures.compile(sandbox, "storm", Map.of("fixture.Storm", stormSource()));
        RunResult storm = verbose(JvmRun.mainClass(sandbox, classes, "fixture.Storm", "run"), Behaviour.HEALTHY)
                .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "20000").timeout(Duration.ofMinutes(3)).run();
        assertThat(storm.exitCode()).isZero();
        assertThat(storm.stdout()).contains("storm over");

        List<JsonNode> received = received();
        long errors = received.stream().filter(NothingLostIT::isError).count();
        JsonNode end = received.stream().filter(NothingLostIT::isEnd).findFirst()
                .orElseThrow(() -> new AssertionError("no end event received"));
        assertThat(errors).as("error events received: the per-run cap").isEqualTo(ERROR_CAP);
        assertThat(end.path("suppressedErrors").asLong(-1)).as("the end event counts the rest")
                .isEqualTo(STORM_THREADS - ERROR_CAP);
    }

    /** An exception whose getMessage, toString and getStackTrace all throw is still reported, with its type. */
    @Test
    void anExceptionWhoseAccessorsThrowIsReportedWithItsTypeAndNoMessage() {
        Path classes = Fixtures.compile(sandbox, "broken", Map.of("fixture.Broken", BROKEN));
        RunResult broken = verbose(JvmRun.mainClass(sandbox, classes, "fixture.Broken", "run"), Behaviour.HEALTHY)
                .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "20000").run();
        assertThat(broken.exitCode()).isEqualTo(1);

        JsonNode error = received().stream().filter(NothingLostIT::isError).findFirst()
                .orElseThrow(() -> new AssertionError("no error event received%n" + broken.describe()));
        assertThat(error.path("exceptionType").asText()).endsWith("BrokenException");
        assertThat(error.path("errorV2").path("text").asText()).contains("message unavailable");
        assertThat(error.toString()).doesNotContain("getMessage failed", "toString failed");
        assertThat(received()).filteredOn(NothingLostIT::isEnd).singleElement()
                .satisfies(end -> assertThat(end.path("exitCode").asInt()).isEqualTo(1));
    }

    // ------------------------------------------------------------------ helpers

    private static final int STORM_THREADS = 3_000;
    /** The agent's per-run cap of error events (README, "Errors"); at most 10 of one fingerprint, hence 20 kinds. */
    private static final int ERROR_CAP = 100;

    /** 3,000 threads, 100 at a time, each dying of one of 20 exception types (20 fingerprints). */
    private static String stormSource() {
        StringBuilder types = new StringBuilder();
        StringBuilder cases = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            types.append("    static final class E").append(i).append(" extends RuntimeException {}\n");
            cases.append("            case ").append(i).append(": throw new E").append(i).append("();\n");
        }
        return """
                package fixture;

                public class Storm {
                %s
                    static void fail(int n) {
                        switch (n %% 20) {
                %s            default: throw new IllegalStateException();
                        }
                    }

                    public static void main(String[] args) throws Exception {
                        for (int wave = 0; wave < %d / 100; wave++) {
                            Thread[] threads = new Thread[100];
                            for (int i = 0; i < threads.length; i++) {
                                int n = wave * 100 + i;
                                threads[i] = new Thread(() -> fail(n), "failing-" + n);
                                threads[i].start();
                            }
                            for (Thread thread : threads) {
                                thread.join();
                            }
                        }
                        System.out.println("storm over");
                    }
                }
                """.formatted(types, cases, STORM_THREADS);
    }

    /** Every accessor the agent could read throws. */
    private static final String BROKEN = """
            package fixture;

            public class Broken {
                static final class BrokenException extends RuntimeException {
                    @Override public String getMessage() { throw new IllegalStateException("getMessage failed"); }
                    @Override public String getLocalizedMessage() { throw new IllegalStateException("no message"); }
                    @Override public String toString() { throw new IllegalStateException("toString failed"); }
                    @Override public StackTraceElement[] getStackTrace() { throw new IllegalStateException("no frames"); }
                    @Override public synchronized Throwable getCause() { throw new IllegalStateException("no cause"); }
                }

                public static void main(String[] args) {
                    throw new BrokenException();
                }
            }
            """;

    private void assertResentWithTheSameKey(List<Request> first) {
        Map<String, List<String>> resent = new LinkedHashMap<>();
        for (Request request : collector.answered2xx()) {
            resent.put(request.header("Idempotency-Key"), request.eventIds());
        }
        for (Request request : first) {
            String key = request.header("Idempotency-Key");
            assertThat(key).as("key of %s", request.eventIds()).matches("\\d{13}-\\d{6}-[0-9a-f]{16}");
            assertThat(resent).as("resent batches by key; spool %s", spoolListing()).containsKey(key);
            assertThat(resent.get(key)).as("the same batch under the same key").isEqualTo(request.eventIds());
        }
    }

    /** The agent with default settings (not verbose: nothing waits for printing) and a healthy collector. */
    private JvmRun agent(JvmRun jvm) {
        return jvm.withAgent().stages(ALL_STAGES).env("GATSBY_TELEMETRY_API", collector.endpoint(Behaviour.HEALTHY));
    }

    private JvmRun verbose(JvmRun jvm, Behaviour behaviour) {
        return jvm.withAgent().stages(ALL_STAGES).env("GATSBY_TELEMETRY_API", collector.endpoint(behaviour))
                .env("GATSBY_TELEMETRY_VERBOSE", "1");
    }

    /** Events the collector accepted, each event id once. */
    private List<JsonNode> received() {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (Request request : collector.answered2xx()) {
            for (JsonNode event : request.events()) {
                byId.putIfAbsent(event.path("eventId").asText(), event);
            }
        }
        return new ArrayList<>(byId.values());
    }

    private static Set<String> sessionsWith(List<JsonNode> events, java.util.function.Predicate<JsonNode> kind) {
        Set<String> sessions = new HashSet<>();
        for (JsonNode event : events) {
            if (kind.test(event)) {
                sessions.add(event.path("sessionId").asText());
            }
        }
        return sessions;
    }

    private static boolean isEnd(JsonNode event) {
        return event.path("eventType").asText().endsWith("_END");
    }

    private static boolean isFailedEnd(JsonNode event) {
        return isEnd(event) && event.path("exitReason").asText().equals("exception");
    }

    private static boolean isError(JsonNode event) {
        return event.path("eventType").asText().startsWith("CLI_ERROR_");
    }

    private Path spoolDirectory() {
        return spool.directory();
    }

    private String pendingRecords() {
        return spool.pendingRecords();
    }

    private List<String> spoolListing() {
        return spool.names();
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.path("eventId").asText()).toList();
    }
}
