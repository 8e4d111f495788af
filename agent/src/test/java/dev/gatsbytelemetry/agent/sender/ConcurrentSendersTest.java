package dev.gatsbytelemetry.agent.sender;

import static dev.gatsbytelemetry.agent.sender.TestSupport.event;
import static dev.gatsbytelemetry.agent.sender.TestSupport.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many processes share one spool: old batches left by earlier runs plus each process's own events.
 * No event may be lost or sent twice, and no file may be left behind or corrupted.
 */
class ConcurrentSendersTest {

    private static final int PROCESSES = 20;
    private static final int EVENTS_EACH = 10;
    private static final int OLD_BATCHES = 40;

    @TempDir
    Path spool;

    @Test
    void twentyJvmsSharingOneSpoolDeliverEveryEventExactlyOnce() throws Exception {
        List<String> expected = prepopulate();
        try (TestCollector collector = slowishCollector()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("java.class.path");
            long start = System.nanoTime();
            List<Process> processes = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                String prefix = "jvm" + p + "-";
                expected.addAll(TestSupport.ids(prefix, EVENTS_EACH));
                processes.add(new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                        "-cp", classPath, SenderWorkerMain.class.getName(),
                        spool.toString(), collector.uri().toString(), prefix, Integer.toString(EVENTS_EACH), "20000")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(spool.getParent().toFile(), "workers.log")))
                        .start());
            }
            for (Process process : processes) {
                assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("worker finished").isTrue();
                assertThat(process.exitValue()).isZero();
            }
            System.out.printf("[sender] %d JVMs, %d events, one spool: all exited after %d ms, %d POSTs%n",
                    PROCESSES, expected.size(), (System.nanoTime() - start) / 1_000_000, collector.requests().size());
            assertDeliveredExactlyOnce(collector, expected);
        }
    }

    @Test
    void twentySendersInOneJvmSharingOneSpoolDeliverEveryEventExactlyOnce() throws Exception {
        List<String> expected = prepopulate();
        try (TestCollector collector = slowishCollector()) {
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                String prefix = "thread" + p + "-";
                expected.addAll(TestSupport.ids(prefix, EVENTS_EACH));
                Thread thread = new Thread(() -> {
                    EventSender sender = new EventSender(TestSupport.settings(collector.uri(), spool)
                            .maxBatchEvents(3).lingerMillis(5).flushTimeoutMillis(20_000).build(),
                            Map.of(), java.time.Clock.systemUTC(), SenderLog.NONE);
                    TestSupport.submit(sender, prefix, EVENTS_EACH);
                    sender.flushAtExit();
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join(60_000);
                assertThat(thread.isAlive()).isFalse();
            }
            assertDeliveredExactlyOnce(collector, expected);
        }
    }

    /** Batches left by earlier runs: 2 events each. */
    private List<String> prepopulate() throws Exception {
        Spool writer = new Spool(spool, TestSupport.settings(null, spool).build(), java.time.Clock.systemUTC());
        List<String> ids = new ArrayList<>();
        for (int b = 0; b < OLD_BATCHES; b++) {
            String a = "old" + b + "a";
            String c = "old" + b + "b";
            writer.write("[" + event(a) + "," + event(c) + "]", 2);
            ids.add(a);
            ids.add(c);
        }
        return ids;
    }

    private static TestCollector slowishCollector() throws Exception {
        // A few milliseconds per request widens the windows in which processes race for files.
        return new TestCollector().answering(r -> new TestCollector.Answer(200, Map.of(),
                ThreadLocalRandom.current().nextInt(1, 6)));
    }

    private void assertDeliveredExactlyOnce(TestCollector collector, List<String> expected) throws Exception {
        assertThat(collector.requests()).allSatisfy(r -> assertThat(JsonText.objectArrayLength(r.body())).isPositive());
        assertThat(TestCollector.sorted(collector.deliveredEventIds()))
                .as("every event exactly once")
                .isEqualTo(TestCollector.sorted(expected));
        assertThat(names(spool)).as("no batch, claim or temp file left")
                .noneMatch(n -> n.startsWith("batch-") || n.startsWith(".tmp-"));
    }
}
