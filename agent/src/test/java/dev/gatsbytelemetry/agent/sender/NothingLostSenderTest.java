package dev.gatsbytelemetry.agent.sender;

import static dev.gatsbytelemetry.agent.sender.TestSupport.event;
import static dev.gatsbytelemetry.agent.sender.TestSupport.ids;
import static dev.gatsbytelemetry.agent.sender.TestSupport.names;
import static dev.gatsbytelemetry.agent.sender.TestSupport.settings;
import static dev.gatsbytelemetry.agent.sender.TestSupport.submit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failures of networks a test may not reach (no route, DNS, connect timeouts, TLS errors) produced
 * by a fake connection instead of a packet, and the collector's 413 and repeats: events stay in the
 * spool for a later run; a refused batch is split until only a single refused event is dropped;
 * every attempt at a batch carries the same {@code Idempotency-Key}.
 */
class NothingLostSenderTest {

    private static final URI NOWHERE = URI.create("http://collector.invalid/v1/events");

    @TempDir
    Path spool;

    static Stream<Arguments> remoteFailures() {
        return Stream.of(
                Arguments.of("no route to host", (Supplier<Throwable>) () -> new NoRouteToHostException("No route to host")),
                Arguments.of("network unreachable", (Supplier<Throwable>) () -> new SocketException("Network is unreachable")),
                Arguments.of("port unreachable", (Supplier<Throwable>) () -> new PortUnreachableException("unreachable")),
                Arguments.of("DNS failure", (Supplier<Throwable>) () -> new UnknownHostException("collector.invalid")),
                Arguments.of("connection refused", (Supplier<Throwable>) () -> new ConnectException("Connection refused")),
                Arguments.of("connect timeout", (Supplier<Throwable>) () -> new SocketTimeoutException("Connect timed out")),
                Arguments.of("read timeout", (Supplier<Throwable>) () -> new SocketTimeoutException("Read timed out")),
                Arguments.of("connection reset", (Supplier<Throwable>) () -> new SocketException("Connection reset")),
                Arguments.of("TLS handshake failure", (Supplier<Throwable>) () -> new SSLHandshakeException("PKIX path building failed")),
                Arguments.of("runtime exception in the HTTP stack", (Supplier<Throwable>) () -> new IllegalStateException("broken")),
                Arguments.of("error in the TLS stack", (Supplier<Throwable>) () -> new ExceptionInInitializerError("no provider")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("remoteFailures")
    void everyRemoteFailureKeepsTheEventsInTheSpool(String name, Supplier<Throwable> failure) throws Exception {
        TestSupport.MutableClock clock = new TestSupport.MutableClock();
        List<String> attempts = new ArrayList<>();
        CollectorClient.Opener failing = (target, proxy) -> new FailingConnection(target, failure, attempts);
        SenderSettings failingSettings = settings(NOWHERE, spool).flushTimeoutMillis(2_000).build();
        EventSender sender = new EventSender(failingSettings, Map.of(), clock, new TestSupport.RecordingLog(), failing);
        submit(sender, "r", 3);

        sender.flushAtExit();

        assertThat(attempts).as("the sender tried the collector").isNotEmpty();
        assertThat(sender.pendingSpoolEvents()).as("events kept after %s", name).isEqualTo(3);
        assertThat(sender.droppedEvents()).as("nothing dropped after %s", name).isZero();
        assertThat(new DeliveryState(spool, failingSettings, clock).inWindow()).as("back-off recorded").isTrue();
        // the sender thread records the failure just before it gives its claim back
        TestSupport.awaitNoClaims(spool);
        assertThat(names(spool)).noneMatch(n -> n.contains(".sending-"));

        clock.advance(Duration.ofHours(25));
        try (TestCollector healthy = new TestCollector()) {
            EventSender later = TestSupport.sender(settings(healthy.uri(), spool).flushTimeoutMillis(5000).build(), clock);
            later.flushAtExit();
            assertThat(TestCollector.sorted(healthy.deliveredEventIds())).isEqualTo(ids("r", 3));
            assertThat(healthy.requests().get(0).headers().get("idempotency-key"))
                    .as("the retried batch keeps the key of the failed attempt").isEqualTo(attempts.get(0));
        }
    }

    @Test
    void a413BatchIsSplitUntilOnlyTheEventRefusedAloneIsDropped() throws Exception {
        // 35 events in one batch; the collector takes at most 8 per request and never the poison event
        try (TestCollector collector = new TestCollector().answering(r -> {
            List<String> idsInBody = TestCollector.eventIds(r.body());
            return TestCollector.Answer.status(idsInBody.size() > 8 || idsInBody.contains("p17") ? 413 : 200);
        })) {
            EventSender sender = TestSupport.sender(settings(collector.uri(), spool).flushTimeoutMillis(10_000).build(),
                    new TestSupport.MutableClock());
            submit(sender, "p", 35);
            sender.flushAtExit();

            List<String> expected = new ArrayList<>(ids("p", 35));
            expected.remove("p17");
            assertThat(TestCollector.sorted(collector.deliveredEventIds())).as("every event but the refused one")
                    .isEqualTo(TestCollector.sorted(expected));
            assertThat(sender.takeDroppedEventsReport()).as("only the event refused alone is dropped").isEqualTo(1);
            assertThat(names(spool)).noneMatch(n -> n.startsWith("batch-"));
            Set<String> keys = new HashSet<>();
            for (TestCollector.Request request : collector.requests()) {
                assertThat(keys.add(request.headers().get("idempotency-key")))
                        .as("each half is a batch of its own with its own key").isTrue();
            }
        }
    }

    @Test
    void everyAttemptAtABatchCarriesTheSameKeyAndBatchesDiffer() throws Exception {
        TestSupport.MutableClock clock = new TestSupport.MutableClock();
        List<String> keys = new ArrayList<>();
        try (TestCollector failing = new TestCollector().answering(r -> TestCollector.Answer.status(503))) {
            for (int attempt = 0; attempt < 3; attempt++) {
                EventSender sender = TestSupport.sender(settings(failing.uri(), spool).maxBatchEvents(2)
                        .flushTimeoutMillis(5000).build(), clock);
                if (attempt == 0) {
                    submit(sender, "k", 2);
                }
                sender.flushAtExit();
                clock.advance(Duration.ofHours(25)); // past the back-off window
            }
            for (TestCollector.Request request : failing.requests()) {
                keys.add(request.headers().get("idempotency-key"));
            }
        }
        // The first run's two events are in one batch or two: a sending run's first batch does not
        // linger, so its sender thread may write the first event before the second is submitted. A
        // round ends at its first failure, so only the oldest batch is ever tried here.
        List<String> spooledKeys = new ArrayList<>();
        for (Path file : TestSupport.sender(settings(NOWHERE, spool).build(), clock).spoolFiles()) {
            spooledKeys.add(SpoolFile.parse(file).idempotencyKey());
        }
        assertThat(spooledKeys).as("the first run's batches, still in the spool").hasSizeBetween(1, 2);
        // three runs, each trying at least once (a run's sender thread and its exit flush may both try)
        assertThat(keys).hasSizeGreaterThanOrEqualTo(3).doesNotContainNull();
        assertThat(new HashSet<>(keys)).as("one batch, retried by three runs: %s", keys).hasSize(1);
        assertThat(keys.get(0)).matches("\\d{13}-\\d{6}-[0-9a-f]{16}").isEqualTo(spooledKeys.get(0));

        try (TestCollector healthy = new TestCollector()) {
            EventSender sender = TestSupport.sender(settings(healthy.uri(), spool).maxBatchEvents(2)
                    .flushTimeoutMillis(5000).build(), clock);
            submit(sender, "n", 2);
            sender.flushAtExit();
            List<String> delivered = new ArrayList<>();
            for (TestCollector.Request request : healthy.requests()) {
                delivered.add(request.headers().get("idempotency-key"));
            }
            // the new events may go in one batch or two (a sending run's first batch does not linger)
            assertThat(delivered).as("the old batches with their keys, then new batches with others")
                    .hasSizeBetween(spooledKeys.size() + 1, spooledKeys.size() + 2)
                    .containsAll(spooledKeys).doesNotHaveDuplicates();
            assertThat(delivered.subList(0, spooledKeys.size())).as("oldest first").isEqualTo(spooledKeys);
        }
    }

    /** A connection whose every network step fails with the given throwable; it records its key. */
    private static final class FailingConnection extends HttpURLConnection {
        private final Supplier<Throwable> failure;
        private final List<String> attempts;

        FailingConnection(URI target, Supplier<Throwable> failure, List<String> attempts) throws IOException {
            super(target.toURL());
            this.failure = failure;
            this.attempts = attempts;
        }

        private IOException fail() {
            attempts.add(getRequestProperty("Idempotency-Key"));
            Throwable t = failure.get();
            if (t instanceof IOException io) {
                return io;
            }
            if (t instanceof RuntimeException re) {
                throw re;
            }
            throw (Error) t;
        }

        @Override
        public void connect() throws IOException {
            throw fail();
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw fail();
        }

        @Override
        public int getResponseCode() throws IOException {
            throw fail();
        }

        @Override
        public void disconnect() {
        }

        @Override
        public boolean usingProxy() {
            return false;
        }
    }
}
