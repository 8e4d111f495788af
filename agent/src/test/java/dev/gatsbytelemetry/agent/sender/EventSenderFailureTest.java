package dev.gatsbytelemetry.agent.sender;

import static dev.gatsbytelemetry.agent.sender.TestSupport.event;
import static dev.gatsbytelemetry.agent.sender.TestSupport.ids;
import static dev.gatsbytelemetry.agent.sender.TestSupport.names;
import static dev.gatsbytelemetry.agent.sender.TestSupport.sender;
import static dev.gatsbytelemetry.agent.sender.TestSupport.settings;
import static dev.gatsbytelemetry.agent.sender.TestSupport.submit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way the collector can fail: the exit flush returns within its budget, the events stay in
 * the spool, a back-off window is recorded, and a later sender delivers them exactly once.
 */
class EventSenderFailureTest {

    private static final long BUDGET_MILLIS = 1_000; // a loaded CI machine must still finish the refused/5xx attempts inside it
    private static final long MARGIN_MILLIS = 1000;

    @TempDir
    Path spool;

    /** A misbehaving server and the URL the sender should use for it. */
    interface Failing extends AutoCloseable {
        URI uri();

        @Override
        void close() throws IOException;
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("connection refused", (FailingFactory) () -> fixed(
                        URI.create("http://127.0.0.1:" + RawServer.closedPort() + "/v1/events"), () -> { })),
                Arguments.of("black hole", (FailingFactory) () -> raw(new RawServer(RawServer.Mode.BLACK_HOLE))),
                Arguments.of("garbage response", (FailingFactory) () -> raw(new RawServer(RawServer.Mode.GARBAGE))),
                Arguments.of("connection reset", (FailingFactory) () -> raw(new RawServer(RawServer.Mode.RESET))),
                Arguments.of("TLS handshake failure (https to a plain HTTP server)", (FailingFactory) () -> {
                    TestCollector plain = new TestCollector();
                    return fixed(URI.create("https://127.0.0.1:" + plain.uri().getPort() + "/v1/events"), plain::close);
                }),
                Arguments.of("slow 5 s answer", (FailingFactory) () -> collector(new TestCollector()
                        .answering(r -> new TestCollector.Answer(200, Map.of(), 5000)))),
                Arguments.of("HTTP 500", (FailingFactory) () -> collector(new TestCollector()
                        .answering(r -> TestCollector.Answer.status(500)))),
                Arguments.of("HTTP 503 with Retry-After", (FailingFactory) () -> collector(new TestCollector()
                        .answering(r -> new TestCollector.Answer(503, Map.of("Retry-After", "30"), 0)))),
                Arguments.of("HTTP 408", (FailingFactory) () -> collector(new TestCollector()
                        .answering(r -> TestCollector.Answer.status(408)))),
                Arguments.of("HTTP 429", (FailingFactory) () -> collector(new TestCollector()
                        .answering(r -> new TestCollector.Answer(429, Map.of("Retry-After", "120"), 0)))),
                Arguments.of("redirect to http", (FailingFactory) EventSenderFailureTest::redirectToHttp));
    }

    @FunctionalInterface
    interface FailingFactory {
        Failing create() throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void exitFlushKeepsItsBudgetAndALaterRunDeliversExactlyOnce(String name, FailingFactory factory) throws Exception {
        TestSupport.MutableClock clock = new TestSupport.MutableClock();
        SenderSettings failingSettings;
        try (Failing failing = factory.create()) {
            failingSettings = settings(failing.uri(), spool).flushTimeoutMillis(BUDGET_MILLIS).build();
            EventSender sender = sender(failingSettings, clock);
            submit(sender, "f", 5);

            long start = System.nanoTime();
            sender.flushAtExit();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("[sender] flushAtExit against %s: %d ms (budget %d ms)%n", name, tookMillis, BUDGET_MILLIS);

            assertThat(tookMillis).isLessThan(BUDGET_MILLIS + MARGIN_MILLIS);
            assertThat(sender.pendingSpoolEvents()).isEqualTo(5);
            assertThat(new DeliveryState(spool, failingSettings, clock).inWindow()).as("back-off recorded").isTrue();
            TestSupport.awaitNoClaims(spool);
        }

        // A later run, after the back-off window, with a healthy collector.
        clock.advance(Duration.ofHours(25));
        try (TestCollector healthy = new TestCollector()) {
            EventSender later = sender(settings(healthy.uri(), spool).flushTimeoutMillis(5000).build(), clock);
            later.flushAtExit();
            assertThat(TestCollector.sorted(healthy.deliveredEventIds())).isEqualTo(ids("f", 5));
            assertThat(names(spool)).noneMatch(n -> n.startsWith("batch-"));
            assertThat(new DeliveryState(spool, failingSettings, clock).notBeforeMillis()).as("success clears back-off").isZero();
        }
    }

    /**
     * When the budget is spent the exit aborts the connections; the threads it wakes must not write the
     * back-off state: the JVM halts right after the exit flush returns, and such a write cut off there
     * left a {@code .tmp-….part} file in the spool (NothingLostIT, once on JDK 25). The exit records the
     * failure itself, before it returns.
     */
    @Test
    void threadsWokenByTheAbortAtExitLeaveTheBackOffStateToTheExit() throws Exception {
        try (RawServer blackHole = new RawServer(RawServer.Mode.BLACK_HOLE)) {
            TestSupport.MutableClock clock = new TestSupport.MutableClock();
            SenderSettings failing = settings(blackHole.uri(), spool).flushTimeoutMillis(300).build();
            TestSupport.RecordingLog log = new TestSupport.RecordingLog();
            EventSender sender = new EventSender(failing, Map.of(), clock, log);
            submit(sender, "h", 3);
            TestSupport.await(Duration.ofSeconds(10), () -> blackHole.connections() > 0);
            Thread.sleep(200); // the sender thread is now blocked reading an answer that never comes
            sender.flushAtExit();
            TestSupport.awaitNoClaims(spool); // the woken thread has given its claim back

            assertThat(new DeliveryState(spool, failing, clock).inWindow()).as("back-off recorded by the exit").isTrue();
            assertThat(log.lines).as("log").anyMatch(line -> line.contains("cut off by the exit"))
                    .noneMatch(line -> line.contains("delivery failed"));
            assertThat(names(spool)).noneMatch(n -> n.startsWith(".tmp-"));
            assertThat(sender.pendingSpoolEvents()).isEqualTo(3);
        }
    }

    @Test
    void rejectedBatchIsDroppedAndCountedAndDoesNotBlockTheRest() throws Exception {
        try (TestCollector collector = new TestCollector().answering(
                r -> TestCollector.Answer.status(r.body().contains("poison") ? 413 : 200))) {
            EventSender sender = sender(settings(collector.uri(), spool).maxBatchEvents(1).flushTimeoutMillis(5000).build(),
                    new TestSupport.MutableClock());
            sender.submit("poison", event("poison"));
            sender.submit("ok0", event("ok0"));
            sender.submit("ok1", event("ok1"));
            sender.flushAtExit();

            assertThat(collector.deliveredEventIds()).containsExactly("ok0", "ok1");
            assertThat(sender.droppedEvents()).isEqualTo(1);
            assertThat(sender.pendingSpoolEvents()).isZero();
            assertThat(names(spool)).noneMatch(n -> n.startsWith("batch-"));
        }
    }

    @Test
    void http400IsAlsoAPoisonBatch() throws Exception {
        try (TestCollector collector = new TestCollector().answering(r -> TestCollector.Answer.status(400))) {
            EventSender sender = sender(settings(collector.uri(), spool).flushTimeoutMillis(5000).build(),
                    new TestSupport.MutableClock());
            submit(sender, "p", 4);
            sender.flushAtExit();
            assertThat(sender.takeDroppedEventsReport()).isEqualTo(4);
            assertThat(sender.pendingSpoolEvents()).isZero();
        }
    }

    @Test
    void retryAfterSetsTheWindowThatLaterRunsObey() throws Exception {
        TestSupport.MutableClock clock = new TestSupport.MutableClock();
        try (TestCollector limited = new TestCollector()
                .answering(r -> new TestCollector.Answer(429, Map.of("Retry-After", "120"), 0))) {
            EventSender sender = sender(settings(limited.uri(), spool).flushTimeoutMillis(5000).build(), clock);
            submit(sender, "r", 2);
            sender.flushAtExit();
            SenderSettings s = settings(limited.uri(), spool).build();
            assertThat(new DeliveryState(spool, s, clock).notBeforeMillis()).isEqualTo(clock.millis() + 120_000);
        }
        try (TestCollector healthy = new TestCollector()) {
            clock.advance(Duration.ofSeconds(60));
            sender(settings(healthy.uri(), spool).flushTimeoutMillis(5000).build(), clock).flushAtExit();
            assertThat(healthy.requests()).as("inside Retry-After").isEmpty();

            clock.advance(Duration.ofSeconds(61));
            sender(settings(healthy.uri(), spool).flushTimeoutMillis(5000).build(), clock).flushAtExit();
            assertThat(TestCollector.sorted(healthy.deliveredEventIds())).isEqualTo(ids("r", 2));
        }
    }

    @Test
    void backOffWindowSkipsTheNetworkAtExitAndInTheBackground() throws Exception {
        TestSupport.MutableClock clock = new TestSupport.MutableClock();
        URI refused = URI.create("http://127.0.0.1:" + RawServer.closedPort() + "/");
        EventSender first = sender(settings(refused, spool).build(), clock);
        submit(first, "w", 1);
        first.flushAtExit();
        SenderSettings defaults = settings(refused, spool).build();
        long notBefore = new DeliveryState(spool, defaults, clock).notBeforeMillis();
        // first failure: 10 min base window with equal jitter, so between 5 and 10 minutes
        assertThat(notBefore - clock.millis()).isBetween(300_000L, 600_000L);

        try (TestCollector healthy = new TestCollector()) {
            clock.advance(Duration.ofMinutes(4));
            EventSender inWindow = sender(settings(healthy.uri(), spool).build(), clock);
            submit(inWindow, "w2-", 3);
            Thread.sleep(300); // give the background thread every chance to (wrongly) send
            long start = System.nanoTime();
            inWindow.flushAtExit();
            long tookMicros = (System.nanoTime() - start) / 1000;
            System.out.printf("[sender] flushAtExit inside the back-off window (3 events spooled): %.2f ms%n",
                    tookMicros / 1000.0);
            assertThat(healthy.requests()).isEmpty();
            assertThat(inWindow.pendingSpoolEvents()).isEqualTo(4);

            clock.advance(Duration.ofMinutes(7));
            EventSender after = sender(settings(healthy.uri(), spool).flushTimeoutMillis(5000).build(), clock);
            after.flushAtExit();
            assertThat(TestCollector.sorted(healthy.deliveredEventIds()))
                    .containsExactlyInAnyOrder("w0", "w2-0", "w2-1", "w2-2");
        }
    }

    @Test
    void redirectToHttpsIsFollowed() throws Exception {
        // The https target is a plain socket that answers garbage: the TLS handshake fails, but it
        // proves that the client went there.
        try (RawServer target = new RawServer(RawServer.Mode.GARBAGE);
             TestCollector redirector = new TestCollector().answering(r -> new TestCollector.Answer(307,
                     Map.of("Location", "https://127.0.0.1:" + target.uri().getPort() + "/v1/events"), 0))) {
            EventSender sender = sender(settings(redirector.uri(), spool).flushTimeoutMillis(2000).build(),
                    new TestSupport.MutableClock());
            submit(sender, "h", 1);
            sender.flushAtExit();
            assertThat(target.connections()).isGreaterThanOrEqualTo(1);
            assertThat(sender.pendingSpoolEvents()).isEqualTo(1);
        }
    }

    private static Failing redirectToHttp() throws IOException {
        TestCollector target = new TestCollector();
        TestCollector redirector = new TestCollector().answering(r -> new TestCollector.Answer(302,
                Map.of("Location", target.uri().toString()), 0));
        return new Failing() {
            @Override
            public URI uri() {
                return redirector.uri();
            }

            @Override
            public void close() {
                assertThat(target.requests()).as("http redirect target must not be contacted").isEmpty();
                redirector.close();
                target.close();
            }
        };
    }

    private static Failing raw(RawServer server) {
        return fixed(server.uri(), server::close);
    }

    private static Failing collector(TestCollector collector) {
        return fixed(collector.uri(), collector::close);
    }

    private interface Closer {
        void close() throws IOException;
    }

    private static Failing fixed(URI uri, Closer closer) {
        return new Failing() {
            @Override
            public URI uri() {
                return uri;
            }

            @Override
            public void close() throws IOException {
                closer.close();
            }
        };
    }
}
