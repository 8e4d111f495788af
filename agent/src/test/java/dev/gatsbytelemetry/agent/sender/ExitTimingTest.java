package dev.gatsbytelemetry.agent.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit flush in a fresh JVM, through a real shutdown hook: nothing is warm, as in a short CLI
 * run. Measures the flush itself and the whole process.
 */
class ExitTimingTest {

    private static final long BUDGET_MILLIS = 250;
    private static final Pattern FLUSH = Pattern.compile("flushAtExit-ms=(\\d+)");

    @TempDir
    Path spool;

    @Test
    void coldJvmAgainstABlackHoleExitsWithinBudget() throws Exception {
        try (RawServer blackHole = new RawServer(RawServer.Mode.BLACK_HOLE)) {
            Run run = runWorker(blackHole.uri(), spool.resolve("a"));
            System.out.printf("[sender] cold JVM, black hole: flushAtExit %d ms, whole process %d ms (budget %d ms)%n",
                    run.flushMillis, run.processMillis, BUDGET_MILLIS);
            assertThat(run.flushMillis).isLessThan(BUDGET_MILLIS + 1000);
        }
    }

    @Test
    void coldJvmAgainstAHealthyCollectorAndInsideTheBackOffWindow() throws Exception {
        try (TestCollector collector = new TestCollector()) {
            Run healthy = runWorker(collector.uri(), spool.resolve("b"));
            System.out.printf("[sender] cold JVM, healthy loopback collector: flushAtExit %d ms, whole process %d ms%n",
                    healthy.flushMillis, healthy.processMillis);
            // Nothing lost, whatever the machine's load: what the budget did not let leave is still spooled.
            // (At least once: a batch delivered just before the JVM ended may also still be spooled.)
            Set<String> kept = new TreeSet<>(collector.deliveredEventIds());
            try (Stream<Path> files = Files.walk(spool.resolve("b"))) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Matcher id = Pattern.compile("\"(t\\d)\"").matcher(Files.readString(file));
                    while (id.find()) {
                        kept.add(id.group(1));
                    }
                }
            }
            assertThat(kept).containsExactly("t0", "t1", "t2", "t3", "t4");
        }
        URI refused = URI.create("http://127.0.0.1:" + RawServer.closedPort() + "/");
        Run first = runWorker(refused, spool.resolve("c"));
        Run second = runWorker(refused, spool.resolve("c"));
        System.out.printf("[sender] cold JVM, connection refused: flushAtExit %d ms; next run inside the back-off "
                + "window: flushAtExit %d ms, whole process %d ms%n", first.flushMillis, second.flushMillis, second.processMillis);
        assertThat(second.flushMillis).isLessThan(BUDGET_MILLIS);
    }

    /**
     * A run far shorter than TLS takes to initialise in a cold JVM: the exit flush does not wait for
     * it (which would cost the whole budget and fail), keeps the events and opens a back-off window.
     */
    @Test
    void coldJvmWithAnHttpsEndpointDoesNotWaitForTlsAtExit() throws Exception {
        try (RawServer server = new RawServer(RawServer.Mode.BLACK_HOLE)) {
            URI https = URI.create("https://127.0.0.1:" + server.uri().getPort() + "/");
            Path dir = spool.resolve("d");
            Run run = runWorker(https, dir);
            System.out.printf("[sender] cold JVM, https endpoint, TLS not ready at exit: flushAtExit %d ms, "
                    + "whole process %d ms%n", run.flushMillis, run.processMillis);
            assertThat(run.output).contains("log: telemetry: TLS not ready at exit; events kept in the spool");
            assertThat(server.connections()).as("no connection from the exit flush").isZero();
            SenderSettings settings = SenderSettings.builder().spoolDirectory(dir).build();
            assertThat(new DeliveryState(dir, settings, java.time.Clock.systemUTC()).inWindow()).isTrue();
            assertThat(new EventSender(settings).pendingSpoolEvents()).isEqualTo(5);
        }
    }

    private record Run(long flushMillis, long processMillis, String output) { }

    private static Run runWorker(URI endpoint, Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(java, "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                SenderWorkerMain.class.getName(), dir.toString(), endpoint.toString(), "t", "5",
                Long.toString(BUDGET_MILLIS), "timed")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long processMillis = (System.nanoTime() - start) / 1_000_000;
        Matcher m = FLUSH.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return new Run(Long.parseLong(m.group(1)), processMillis, output);
    }
}
