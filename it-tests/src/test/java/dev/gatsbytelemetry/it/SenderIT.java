package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.SampleSite.ALL_STAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatsbytelemetry.it.LoopbackCollector.Behaviour;
import dev.gatsbytelemetry.it.LoopbackCollector.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Delivery to a real (loopback) collector that misbehaves in every way a network can: the tool's
 * output, exit code and exit time do not change, and what could not be delivered is spooled and
 * arrives intact, once, at a healthy collector on a later run.
 *
 * <p>Runs use {@code GATSBY_TELEMETRY_VERBOSE=1}, which prints each event on stderr as debug mode
 * does <em>and</em> sends it, so a test knows which event ids must eventually arrive. Stdout is
 * therefore compared with a run without the agent, stderr is not (TransparencyIT compares both).
 */
class SenderIT {

    private static final int PAGES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

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

    // ------------------------------------------------------------------ healthy

    @Test
    void healthyCollectorReceivesEveryEventOnceWithTheDocumentedHeaders() throws IOException {
        long start = System.currentTimeMillis();
        Timed plain = Timed.run(build(), "Built ");
        Timed agent = Timed.run(withAgent(build(), Behaviour.HEALTHY), "Built ");

        assertSameOutput(plain, agent);
        reportDelay("healthy", plain, agent);

        List<JsonNode> printed = agent.result().events();
        EventAssertions.assertStartAndEnd(agent.result(), "BUILD");
        List<JsonNode> received = collector.events(Behaviour.HEALTHY);
        assertReceivedExactlyOnce(printed, received, agent.result());

        String agentVersion = printed.get(0).path("agentVersion").asText();
        for (Request request : collector.requests(Behaviour.HEALTHY)) {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo(LoopbackCollector.PATH);
            assertThat(request.header("Content-Type")).startsWith("application/json");
            assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(request.header("User-Agent")).isEqualTo("gatsby-telemetry-agent/" + agentVersion);
            assertThat(JSON.readTree(request.body()).isArray()).as("body is a JSON array: %s", request.body()).isTrue();
        }
        assertThat(spooledBatchFiles()).as("delivered batches are deleted from the spool").isEmpty();
        assertDeliveredWithoutBackoff("no failure, no back-off window", start);
    }

    // ------------------------------------------------------------------ send interval

    /**
     * With the default interval (60 minutes outside CI), a run soon after a delivery keeps its events
     * in the spool and loads no HTTP client class; a CI run, and a run after the interval, send what
     * was kept, each event once.
     */
    @Test
    void runsWithinTheSendIntervalOnlySpoolAndLaterRunsSendWhatTheyKept() throws IOException {
        Path classes = sandbox.resolve("classes-quiet.txt");
        Timed plain = Timed.run(build(), "Built ");
        long start = System.currentTimeMillis();
        Timed first = Timed.run(withAgent(build(), Behaviour.HEALTHY).env("GATSBY_TELEMETRY_SEND_INTERVAL_MINUTES", "60"),
                "Built ");
        assertSameOutput(plain, first);
        assertReceivedExactlyOnce(first.result().events(), collector.events(Behaviour.HEALTHY), first.result());
        assertDeliveredWithoutBackoff("the first run sends", start);
        int requests = collector.requests().size();

        // default settings: not verbose, not CI, no interval set
        RunResult quiet = defaultAgent(build())
                .jvmOption("-Xlog:class+load:file=" + classes).run();
        assertThat(quiet.exitCode()).as(quiet.describe()).isZero();
        assertThat(quiet.stdout()).isEqualTo(plain.result().stdout());
        assertThat(collector.requests()).as("a run within the interval does not contact the collector").hasSize(requests);
        List<String> kept = ids(spooledEvents());
        assertThat(kept).as("the quiet run's start and end events wait in the spool").hasSizeGreaterThanOrEqualTo(2);
        assertThat(ConsentRuns.lines(classes)).as("classes loaded by the quiet run")
                .anyMatch(line -> line.contains("dev.gatsbytelemetry.agent.sender.EventSender "))
                .noneMatch(line -> line.contains("sun.net.www.protocol.http.") || line.contains("java.net.Socket ")
                        || line.contains("dev.gatsbytelemetry.agent.sender.CollectorClient ")
                        || line.contains("dev.gatsbytelemetry.agent.sender.DeliveryRun "));

        // CI, otherwise default settings (not verbose, which would send anyway): interval 0
        int receivedBefore = collector.eventIds(Behaviour.HEALTHY).size();
        RunResult ci = defaultAgent(build()).env("CI", "true").run();
        assertThat(ci.exitCode()).as(ci.describe()).isZero();
        List<String> received = collector.eventIds(Behaviour.HEALTHY);
        for (String id : kept) {
            assertThat(Collections.frequency(received, id)).as("deliveries of %s%n%s", id, ci.describe()).isEqualTo(1);
        }
        assertThat(received.size() - receivedBefore).as("the CI run sent the kept events and its own")
                .isGreaterThan(kept.size());
        assertThat(spooledBatchFiles()).isEmpty();

        // another quiet run, then the interval passes (the recorded delivery moved two hours back)
        RunResult quietAgain = defaultAgent(build()).run();
        assertThat(quietAgain.exitCode()).isZero();
        List<String> keptAgain = ids(spooledEvents());
        assertThat(keptAgain).isNotEmpty();
        long twoHoursAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        Files.writeString(deliveryState(), "failures=0\nnotBefore=0\nlastDelivery=" + twoHoursAgo + "\n");
        Timed later = Timed.run(withAgent(build(), Behaviour.HEALTHY).env("GATSBY_TELEMETRY_SEND_INTERVAL_MINUTES", "60"),
                "Built ");
        assertSameOutput(plain, later);
        received = collector.eventIds(Behaviour.HEALTHY);
        for (String id : keptAgain) {
            assertThat(Collections.frequency(received, id)).as("deliveries of %s", id).isEqualTo(1);
        }
        assertThat(spooledBatchFiles()).isEmpty();
    }

    // ------------------------------------------------------------------ failures that are retried

    @ParameterizedTest
    @EnumSource(value = Behaviour.class, names = {"REFUSING", "BLACK_HOLE", "SLOW", "ERROR_500",
            "TOO_MANY_REQUESTS_429", "REDIRECT_TO_HTTP", "GARBAGE"})
    void failedDeliveryIsSpooledAndArrivesOnceOnTheNextRun(Behaviour failure) throws Exception {
        Timed plain = Timed.run(build(), "Built ");
        collector.behave(failure);
        long failedStart = System.currentTimeMillis();
        Timed failed = Timed.run(withAgent(build(), failure), "Built ");

        assertSameOutput(plain, failed);
        reportDelay(failure.name(), plain, failed);
        EventAssertions.assertStartAndEnd(failed.result(), "BUILD");
        List<JsonNode> printed = failed.result().events();
        List<String> printedIds = ids(printed);

        // the agent did try this collector (a fresh spool has no back-off window)
        if (failure.isHttp()) {
            assertThat(collector.requests(failure)).as("requests in %s%n%s", failure, failed.result().describe())
                    .isNotEmpty();
        } else if (failure != Behaviour.REFUSING) {
            assertThat(collector.rawConnections()).as("connections%n%s", failed.result().describe()).contains(failure);
        }
        if (failure == Behaviour.REDIRECT_TO_HTTP) {
            assertThat(collector.requests()).as("a redirect to http:// is not followed")
                    .noneMatch(r -> r.path().equals(LoopbackCollector.REDIRECT_PATH));
        }
        if (failure == Behaviour.SLOW) {
            System.out.printf("[sender] SLOW: the slow collector also read %d event(s) before the agent gave up;"
                    + " delivery is at least once%n", collector.eventIds(Behaviour.SLOW).size());
        }

        // everything the run printed is on disk, intact
        assertThat(ids(spooledEvents())).as("spooled event ids after %s%n%s", failure, failed.result().describe())
                .containsExactlyInAnyOrderElementsOf(printedIds);
        assertThat(deliveryState()).as("a failure opens a back-off window").exists();
        long notBefore = stateValue("notBefore");
        if (failure == Behaviour.TOO_MANY_REQUESTS_429) {
            // Retry-After: 1 replaces the default window (minutes): the window ends about a second after the 429
            assertThat(notBefore).as("back-off honours Retry-After: 1").isBetween(failedStart + 1000,
                    System.currentTimeMillis() + 2000);
            // Wait the window out instead of deleting the state: the next run must find it over.
            long wait = notBefore - System.currentTimeMillis() + 100;
            if (wait > 0) {
                Thread.sleep(wait);
            }
        } else {
            assertThat(notBefore - System.currentTimeMillis()).as("a real back-off window after %s", failure)
                    .isGreaterThan(Duration.ofMinutes(1).toMillis());
            // Within the window a run only spools; this test is about the next run that *may* use the
            // network, so end the window by deleting the state file, as its expiry would.
            Files.delete(deliveryState());
        }

        collector.behave(Behaviour.HEALTHY);
        long recoveryStart = System.currentTimeMillis();
        Timed recovery = Timed.run(withAgent(build(), Behaviour.HEALTHY), "Built ");

        assertSameOutput(plain, recovery);
        reportDelay(failure.name() + " -> recovery", plain, recovery);
        List<JsonNode> all = new ArrayList<>(printed);
        all.addAll(recovery.result().events());
        assertReceivedExactlyOnce(all, collector.events(Behaviour.HEALTHY), recovery.result());
        assertThat(spooledBatchFiles()).as("spool emptied by the healthy run").isEmpty();
        assertDeliveredWithoutBackoff("a success forgets the failures", recoveryStart);
    }

    // ------------------------------------------------------------------ refused for good

    /**
     * A collector answering 413 to everything: batches are split down to single events, each refused
     * alone and dropped; what the exit budget did not get to stays in the spool. Nothing is resent
     * once refused alone, and the next run counts the refused events in its metadata.
     */
    @Test
    void eventsRefusedAloneWith413AreDroppedAndCountedInTheNextRunsMetadata() throws IOException {
        Timed plain = Timed.run(build(), "Built ");
        collector.behave(Behaviour.TOO_LARGE_413);
        Timed refused = Timed.run(withAgent(build(), Behaviour.TOO_LARGE_413), "Built ");

        assertSameOutput(plain, refused);
        reportDelay("TOO_LARGE_413", plain, refused);
        List<String> printedIds = ids(refused.result().events());
        List<String> droppedIds = collector.requests(Behaviour.TOO_LARGE_413).stream()
                .filter(r -> r.events().size() == 1).flatMap(r -> r.eventIds().stream()).distinct().toList();
        assertThat(collector.requests(Behaviour.TOO_LARGE_413)).as("the 413 collector was posted to%n%s",
                refused.result().describe()).isNotEmpty();
        assertThat(printedIds).containsAll(droppedIds);
        List<String> kept = ids(spooledEvents());
        assertThat(kept).as("an event refused alone is not kept").doesNotContainAnyElementsOf(droppedIds);
        List<String> notRefusedAlone = new ArrayList<>(printedIds);
        notRefusedAlone.removeAll(droppedIds);
        assertThat(kept).as("every event not refused alone is kept").containsAll(notRefusedAlone);
        // Splitting down to single events takes many requests: when the exit budget ends before any
        // got through, a back-off window opens as after a timeout; end it as its expiry would.
        Files.deleteIfExists(deliveryState());

        collector.behave(Behaviour.HEALTHY);
        Timed next = Timed.run(withAgent(build(), Behaviour.HEALTHY), "Built ");

        assertSameOutput(plain, next);
        assertThat(collector.eventIds(Behaviour.HEALTHY)).as("dropped events are never resent")
                .doesNotContainAnyElementsOf(droppedIds);
        // the metadata event is made at the end of a run, so the refused run's own one may already
        // report its first drops (and is then refused in turn): the two runs' reports add up
        JsonNode metadata = next.result().event("CLI_COMMAND_METADATA");
        long reported = metadata.path("droppedEvents").asLong(-1)
                + refused.result().event("CLI_COMMAND_METADATA").path("droppedEvents").asLong(-1);
        assertThat(reported).as("droppedEvents in %s", metadata).isGreaterThanOrEqualTo(droppedIds.size());
        List<JsonNode> expected = new ArrayList<>(next.result().events());
        for (JsonNode event : refused.result().events()) {
            if (notRefusedAlone.contains(event.path("eventId").asText())) {
                expected.add(event);
            }
        }
        assertReceivedExactlyOnce(expected, collector.events(Behaviour.HEALTHY), next.result());
    }

    // ------------------------------------------------------------------ crash and corruption

    @Test
    void spoolOfAJvmKilledMidDeliveryIsDeliveredByTheNextRun() throws Exception {
        // 1. a failed run leaves a spooled batch
        collector.behave(Behaviour.REFUSING);
        RunResult failed = withAgent(build(), Behaviour.REFUSING).run();
        List<String> failedIds = ids(failed.events());
        assertThat(ids(spooledEvents())).containsExactlyInAnyOrderElementsOf(failedIds);

        // 2. develop, with the back-off window over (state deleted) so its sender thread picks that batch
        //    up and posts it to a black hole; killed with SIGKILL while the post hangs
        Files.delete(deliveryState());
        collector.behave(Behaviour.BLACK_HOLE);
        JvmRun.Running develop = withAgent(JvmRun.sampleApp(sandbox, "develop", "--dir", "site", "--port", "0"),
                Behaviour.BLACK_HOLE).start();
        develop.awaitStdout("Serving ");
        long pid = develop.process().pid();
        Path claimed = awaitFile(name -> name.startsWith("batch-") && name.endsWith(".sending-" + pid),
                Duration.ofSeconds(15));
        assertThat(claimed).as("develop's sender claimed the old batch; spool: %s", spoolListing()).isNotNull();
        develop.process().toHandle().destroyForcibly();
        RunResult killed = develop.awaitExit();
        assertThat(killed.exitCode()).as(killed.describe()).isEqualTo(137);
        List<String> developIds = ids(killed.events());
        List<String> spooledAfterKill = ids(spooledEvents());
        System.out.printf("[sender] after kill -9: spool %s%n", spoolListing());
        assertThat(spooledAfterKill).as("the killed run's claim and its own batch survive")
                .containsAll(failedIds);
        assertThat(developIds).as("only the killed run's printed events can have been spooled by it")
                .containsAll(spooledAfterKill.stream().filter(id -> !failedIds.contains(id)).toList());

        // 3. the next run reclaims the dead process's batch and delivers everything spooled, once
        collector.behave(Behaviour.HEALTHY);
        Files.deleteIfExists(deliveryState()); // none expected (killed mid-request), but make the window over for sure
        Timed plain = Timed.run(build(), "Built ");
        Timed next = Timed.run(withAgent(build(), Behaviour.HEALTHY), "Built ");

        assertSameOutput(plain, next);
        List<String> received = collector.eventIds(Behaviour.HEALTHY);
        List<String> expected = new ArrayList<>(spooledAfterKill);
        expected.addAll(ids(next.result().events()));
        for (String id : expected) {
            assertThat(Collections.frequency(received, id)).as("deliveries of %s; received %s%n%s", id, received,
                    next.result().describe()).isEqualTo(1);
        }
        assertThat(spooledBatchFiles()).as("spool emptied, the dead claim included").isEmpty();
    }

    @Test
    void garbageInTheSpoolIsSkippedAndCleanedWithoutChangingTheOutput() throws IOException {
        Path spool = spoolDirectory();
        Files.createDirectories(spool);
        long hourAgo = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        Random random = new Random(42);
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        Map<String, byte[]> garbage = new LinkedHashMap<>();
        garbage.put(batchName(hourAgo, 1, 3), noise);
        garbage.put(batchName(hourAgo + 1, 2, 1), new byte[0]);
        garbage.put(batchName(hourAgo + 2, 3, 2), "[{\"eventId\":\"0b6f7c9e-1c1e-4f6e-9a39-2f1b3e9d5a10\",\"eventT"
                .getBytes(StandardCharsets.UTF_8));
        garbage.put(batchName(hourAgo + 3, 4, 1), "{\"not\":\"an array\"}".getBytes(StandardCharsets.UTF_8));
        garbage.put(batchName(hourAgo + 4, 5, 1), new byte[] {'[', '{', '"', (byte) 0xC3, (byte) 0x28, '"', '}', ']'});
        garbage.put(batchName(hourAgo + 5, 6, 2) + ".sending-999999999", noise); // a dead process's claim
        garbage.put("batch-garbage.json", noise);
        garbage.put("batch-.json", new byte[0]);
        for (Map.Entry<String, byte[]> file : garbage.entrySet()) {
            Files.write(spool.resolve(file.getKey()), file.getValue());
        }
        Path notOurs = spool.resolve("README.txt");
        Files.writeString(notOurs, "not a spool file");

        RunResult plain = build().run();
        // not verbose: with nothing printed by the agent, stderr must match too
        RunResult agent = defaultAgent(build()).run();

        assertThat(agent.exitCode()).as(agent.describe()).isEqualTo(plain.exitCode()).isZero();
        assertThat(agent.stdout()).isEqualTo(plain.stdout());
        assertThat(agent.stderr()).isEqualTo(plain.stderr());
        List<JsonNode> received = collector.events(Behaviour.HEALTHY);
        received.forEach(event -> EventSchema.check(event.toString()));
        assertThat(received.stream().map(e -> e.path("eventType").asText()))
                .as("the run's own events still arrive").contains("CLI_RAW_COMMAND_BUILD", "CLI_COMMAND_BUILD_END");
        assertThat(received.stream().map(e -> e.path("eventId").asText()))
                .doesNotContain("0b6f7c9e-1c1e-4f6e-9a39-2f1b3e9d5a10");
        for (String name : garbage.keySet()) {
            assertThat(spool.resolve(name)).as("garbage %s cleaned; spool: %s", name, spoolListing()).doesNotExist();
        }
        assertThat(spooledBatchFiles()).isEmpty();
        assertThat(notOurs).as("files the spool does not own are left alone").hasContent("not a spool file");
    }

    // ------------------------------------------------------------------ helpers

    private JvmRun build() {
        return JvmRun.sampleApp(sandbox, "build", "--dir", "site");
    }

    /** The agent with its default settings, sending to a healthy collector. */
    private JvmRun defaultAgent(JvmRun jvm) {
        return jvm.withAgent().stages(ALL_STAGES).env("GATSBY_TELEMETRY_API", collector.endpoint(Behaviour.HEALTHY));
    }

    private JvmRun withAgent(JvmRun jvm, Behaviour behaviour) {
        return jvm.withAgent().stages(ALL_STAGES)
                .env("GATSBY_TELEMETRY_API", collector.endpoint(behaviour))
                .env("GATSBY_TELEMETRY_VERBOSE", "1");
    }

    private Path spoolDirectory() {
        return spool.directory();
    }

    private Path deliveryState() {
        return spool.deliveryState();
    }

    private long stateValue(String key) throws IOException {
        for (String line : Files.readAllLines(deliveryState())) {
            if (line.startsWith(key + "=")) {
                return Long.parseLong(line.substring(key.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + key + " in " + Files.readString(deliveryState()));
    }

    /** The state a successful delivery leaves: no failure, no window, the time of the delivery. */
    private void assertDeliveredWithoutBackoff(String why, long since) throws IOException {
        assertThat(stateValue("failures")).as(why).isZero();
        assertThat(stateValue("notBefore")).as(why).isZero();
        assertThat(stateValue("lastDelivery")).as("time of the last delivery").isBetween(since, System.currentTimeMillis());
    }

    private List<Path> spooledBatchFiles() {
        return spool.batchFiles();
    }

    private List<JsonNode> spooledEvents() throws IOException {
        return spool.events();
    }

    private String spoolListing() {
        return Files.isDirectory(spoolDirectory()) ? spool.names().toString() : "<no spool directory>";
    }

    private Path awaitFile(java.util.function.Predicate<String> name, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (Path file : spooledBatchFiles()) {
                if (name.test(file.getFileName().toString())) {
                    return file;
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    /** A batch file name as the spool writes it: {@code batch-<13-digit ms>-<6-digit seq>-<16 hex>-n<events>.json}. */
    private static String batchName(long millis, int sequence, int events) {
        return String.format("batch-%013d-%06d-%016x-n%d.json", millis, sequence, 0xdeadbeef00L + sequence, events);
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.path("eventId").asText()).toList();
    }

    /**
     * Each expected event arrived exactly once (by event id) and byte-for-byte the JSON that was
     * printed; nothing arrived that the runs did not print. Every received event is schema-valid.
     */
    private static void assertReceivedExactlyOnce(List<JsonNode> printed, List<JsonNode> received, RunResult last) {
        received.forEach(event -> EventSchema.check(event.toString()));
        List<String> receivedIds = ids(received);
        assertThat(receivedIds).as("received event ids%n%s", last.describe())
                .containsExactlyInAnyOrderElementsOf(ids(printed));
        for (JsonNode event : printed) {
            JsonNode arrived = received.stream()
                    .filter(r -> r.path("eventId").asText().equals(event.path("eventId").asText()))
                    .findFirst().orElseThrow();
            assertThat(arrived).as("event %s arrived intact", event.path("eventId").asText()).isEqualTo(event);
        }
    }

    private static void assertSameOutput(Timed plain, Timed agent) {
        RunResult a = agent.result();
        assertThat(a.exitCode()).as("exit code with the agent%n%s", a.describe()).isEqualTo(plain.result().exitCode());
        assertThat(a.stdoutBytes()).as("stdout with the agent%n%s", a.describe()).isEqualTo(plain.result().stdoutBytes());
    }

    /** Prints the delay for the record; its bound is a benchmark (bench/exit_delay.sh), not a test. */
    private static void reportDelay(String what, Timed plain, Timed agent) {
        long wallDelta = agent.result().wallTime().toMillis() - plain.result().wallTime().toMillis();
        long exitDelta = agent.afterOutputMillis() - plain.afterOutputMillis();
        System.out.printf("[sender] %-32s extra wall time %5d ms (agent %d ms, plain %d ms);"
                        + " last line to exit %d ms (plain %d ms, extra %d ms)%n",
                what, wallDelta, agent.result().wallTime().toMillis(), plain.result().wallTime().toMillis(),
                agent.afterOutputMillis(), plain.afterOutputMillis(), exitDelta);
    }

    /** A run with the time from its last stdout line ({@code marker}) to its exit (20 ms resolution). */
    private record Timed(RunResult result, long afterOutputMillis) {
        static Timed run(JvmRun jvm, String marker) {
            JvmRun.Running running = jvm.start().awaitStdout(marker);
            long seen = System.nanoTime();
            RunResult result = running.awaitExit();
            return new Timed(result, (System.nanoTime() - seen) / 1_000_000L);
        }
    }
}
