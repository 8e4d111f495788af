package dev.gatsbytelemetry.agent.sender;

import static dev.gatsbytelemetry.agent.sender.TestSupport.event;
import static dev.gatsbytelemetry.agent.sender.TestSupport.ids;
import static dev.gatsbytelemetry.agent.sender.TestSupport.names;
import static dev.gatsbytelemetry.agent.sender.TestSupport.sender;
import static dev.gatsbytelemetry.agent.sender.TestSupport.settings;
import static dev.gatsbytelemetry.agent.sender.TestSupport.submit;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The happy path against a real loopback collector. */
class EventSenderDeliveryTest {

    @TempDir
    Path spool;

    @Test
    void healthyCollectorReceivesGzipJsonArrayWithHeaders() throws Exception {
        try (TestCollector collector = new TestCollector()) {
            EventSender sender = sender(settings(collector.uri(), spool).flushTimeoutMillis(5000).build(),
                    new TestSupport.MutableClock());
            submit(sender, "e", 3);
            sender.flushAtExit();

            // one request per batch; the sending run's first batch leaves without lingering, so events may part
            assertThat(collector.requests()).hasSizeBetween(1, 3).allSatisfy(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.headers())
                        .containsEntry("content-type", "application/json")
                        .containsEntry("content-encoding", "gzip")
                        .containsEntry("user-agent", "gatsby-telemetry-agent/0.1.0-test");
            });
            String bodies = String.join("", collector.requests().stream().map(TestCollector.Request::body).toList());
            assertThat(bodies.replace("][", ",")).isEqualTo("[" + event("e0") + "," + event("e1") + "," + event("e2") + "]");
            assertThat(names(spool)).noneMatch(n -> n.startsWith("batch-"));
            assertThat(sender.pendingSpoolEvents()).isZero();
        }
    }

    @Test
    void plainBodyWhenGzipIsOff() throws Exception {
        try (TestCollector collector = new TestCollector()) {
            EventSender sender = sender(settings(collector.uri(), spool).gzip(false).flushTimeoutMillis(5000).build(),
                    new TestSupport.MutableClock());
            submit(sender, "p", 2);
            sender.flushAtExit();
            assertThat(collector.requests()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("content-encoding"));
            assertThat(collector.deliveredEventIds()).containsExactly("p0", "p1");
        }
    }

    @Test
    void batchesHoldAtMostMaxEventsAndMaxBytes() throws Exception {
        try (TestCollector collector = new TestCollector()) {
            EventSender sender = sender(settings(collector.uri(), spool).flushTimeoutMillis(5000)
                    .maxBatchEvents(100).maxBatchBytes(4096).build(), new TestSupport.MutableClock());
            submit(sender, "b", 250);
            sender.flushAtExit();

            assertThat(collector.requests()).allSatisfy(r -> {
                assertThat(JsonText.objectArrayLength(r.body())).isBetween(1, 100);
                assertThat(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
            });
            assertThat(TestCollector.sorted(collector.deliveredEventIds())).isEqualTo(ids("b", 250));
        }
    }

    @Test
    void backgroundThreadDeliversWithoutWaitingForExitAndIsADaemon() throws Exception {
        try (TestCollector collector = new TestCollector()) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            EventSender sender = sender(settings(collector.uri(), spool).build(), new TestSupport.MutableClock());
            assertThat(newSenderThreads(before)).as("no thread from the constructor").isEmpty();

            submit(sender, "bg", 5);
            assertThat(newSenderThreads(before)).singleElement().satisfies(t -> assertThat(t.isDaemon()).isTrue());
            assertThat(TestSupport.await(Duration.ofSeconds(10), () -> collector.deliveredEventIds().size() == 5)).isTrue();
            assertThat(TestSupport.await(Duration.ofSeconds(5), () -> sender.pendingSpoolEvents() == 0)).isTrue();
            sender.flushAtExit();
            assertThat(TestCollector.sorted(collector.deliveredEventIds())).isEqualTo(ids("bg", 5));
        }
    }

    @Test
    void eventIdIsAddedWhenTheJsonLacksIt() throws Exception {
        try (TestCollector collector = new TestCollector()) {
            EventSender sender = sender(settings(collector.uri(), spool).flushTimeoutMillis(5000).build(),
                    new TestSupport.MutableClock());
            sender.submit("id-1", "{\"eventType\":\"BUILD_START\"}");
            sender.submit("id-2", " {} ");
            sender.flushAtExit();
            // the first batch of a sending run leaves without lingering, so the two may be apart
            String bodies = String.join("", collector.requests().stream().map(TestCollector.Request::body).toList());
            assertThat(bodies.replace("][", ","))
                    .isEqualTo("[{\"eventId\":\"id-1\",\"eventType\":\"BUILD_START\"},{\"eventId\":\"id-2\"}]");
        }
    }

    @Test
    void invalidAndOversizedEventsAreDroppedAndCountedNotSent() throws Exception {
        try (TestCollector collector = new TestCollector()) {
            EventSender sender = sender(settings(collector.uri(), spool).flushTimeoutMillis(5000)
                    .maxBatchBytes(2048).build(), new TestSupport.MutableClock());
            sender.submit("bad", "{\"eventId\":\"bad\",");     // truncated
            sender.submit("arr", "[1,2]");                     // not an object
            sender.submit("big", "{\"eventId\":\"big\",\"x\":\"" + "x".repeat(4096) + "\"}");
            sender.submit(null, null);                         // ignored, not counted
            sender.submit("ok", event("ok"));
            sender.flushAtExit();

            assertThat(collector.deliveredEventIds()).containsExactly("ok");
            assertThat(sender.droppedEvents()).isEqualTo(3);
            assertThat(sender.takeDroppedEventsReport()).isEqualTo(3);
            assertThat(sender.takeDroppedEventsReport()).isZero();
        }
    }

    @Test
    void noEndpointMeansNoThreadNoFileNoNetwork() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Path dir = spool.resolve("events");
        EventSender sender = sender(settings(null, dir).build(), new TestSupport.MutableClock());
        submit(sender, "x", 10);
        sender.flushAtExit();
        assertThat(newSenderThreads(before)).isEmpty();
        assertThat(dir).doesNotExist();
        assertThat(sender.pendingSpoolEvents()).isZero();
        assertThat(sender.droppedEvents()).isZero();
    }

    @Test
    void queueOverflowSpillsToTheSpoolInsteadOfBlockingOrLosing() throws Exception {
        try (TestCollector collector = new TestCollector()) {
            // A long linger keeps the sender thread from draining, so the queue really fills up.
            EventSender sender = sender(settings(collector.uri(), spool).lingerMillis(60_000).maxQueueEvents(10)
                    .maxBatchEvents(10).flushTimeoutMillis(5000).build(), new TestSupport.MutableClock());
            long start = System.nanoTime();
            submit(sender, "q", 55);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(sender.queuedEvents()).isLessThanOrEqualTo(10);
            // An application thread waits at most 50 ms for the spool lock; on a loaded machine a spill
            // can miss it, and those events are dropped and counted rather than blocking the app.
            long dropped = sender.droppedEvents();
            assertThat(dropped).isLessThanOrEqualTo(20);
            // The sender thread may hold a batch it took from the queue (it lingers to fill it), so
            // some events are briefly neither queued nor spooled; none may be lost at the end.
            assertThat(sender.pendingSpoolEvents() + sender.queuedEvents() + dropped).isBetween(35L, 55L);
            System.out.println("[sender] 55 submits with 4 spills to disk took " + tookMillis + " ms, dropped " + dropped);
            sender.flushAtExit();
            assertThat(collector.deliveredEventIds()).hasSize((int) (55 - dropped)).doesNotHaveDuplicates();
        }
    }

    @Test
    void submitsAfterTheExitFlushGoToTheSpoolForTheNextRun() throws Exception {
        try (TestCollector collector = new TestCollector()) {
            EventSender sender = sender(settings(collector.uri(), spool).flushTimeoutMillis(5000).build(),
                    new TestSupport.MutableClock());
            sender.flushAtExit();
            sender.submit("late", event("late"));
            assertThat(sender.pendingSpoolEvents()).isEqualTo(1);

            EventSender next = sender(settings(collector.uri(), spool).flushTimeoutMillis(5000).build(),
                    new TestSupport.MutableClock());
            next.flushAtExit();
            assertThat(collector.deliveredEventIds()).containsExactly("late");
        }
    }

    @Test
    void deleteSpoolRemovesEverythingAndStopsWork() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:" + RawServer.closedPort() + "/");
        EventSender sender = sender(settings(nowhere, spool).flushTimeoutMillis(2_000).build(),
                new TestSupport.MutableClock());
        submit(sender, "d", 5);
        sender.flushAtExit(); // fails: events spooled, back-off recorded
        assertThat(sender.pendingSpoolEvents()).isEqualTo(5);
        sender.deleteSpool();
        assertThat(spool).doesNotExist();
        sender.submit("after", event("after"));
        assertThat(spool).doesNotExist();
    }

    private static Set<Thread> newSenderThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                .filter(t -> t.getName().startsWith("gatsby-telemetry"))
                .collect(Collectors.toSet());
    }
}
