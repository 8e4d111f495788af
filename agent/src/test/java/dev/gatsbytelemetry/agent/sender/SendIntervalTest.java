package dev.gatsbytelemetry.agent.sender;

import static dev.gatsbytelemetry.agent.sender.TestSupport.ids;
import static dev.gatsbytelemetry.agent.sender.TestSupport.sender;
import static dev.gatsbytelemetry.agent.sender.TestSupport.settings;
import static dev.gatsbytelemetry.agent.sender.TestSupport.submit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The send interval: a run that starts soon after the last successful delivery only spools, and a
 * later run sends what it kept, exactly once. Real loopback collector, real spool directory.
 */
class SendIntervalTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path spool;

    @Test
    void runsWithinTheIntervalOnlySpoolAndTheFirstRunAfterItSendsEverything() throws Exception {
        TestSupport.MutableClock clock = new TestSupport.MutableClock();
        try (TestCollector collector = new TestCollector()) {
            SenderSettings hourly = hourly(collector);

            EventSender first = sender(hourly, clock);
            submit(first, "a", 2);
            first.flushAtExit();
            assertThat(TestCollector.sorted(collector.deliveredEventIds())).as("no delivery yet: the first run sends")
                    .isEqualTo(ids("a", 2));
            assertThat(new DeliveryState(spool, hourly, clock).quietUntilMillis()).isEqualTo(clock.millis() + HOUR.toMillis());

            int requests = collector.requests().size();
            clock.advance(Duration.ofMinutes(10));
            EventSender quiet = sender(hourly, clock);
            submit(quiet, "b", 3);
            Thread.sleep(300); // give the background thread every chance to (wrongly) send
            quiet.flushAtExit();
            assertThat(collector.requests()).as("a run within the interval").hasSize(requests);
            assertThat(quiet.pendingSpoolEvents()).isEqualTo(3);

            clock.advance(Duration.ofMinutes(51));
            EventSender later = sender(hourly, clock);
            submit(later, "c", 1);
            later.flushAtExit();
            assertThat(TestCollector.sorted(collector.deliveredEventIds())).as("each event once")
                    .containsExactly("a0", "a1", "b0", "b1", "b2", "c0");
            assertThat(later.pendingSpoolEvents()).isZero();
        }
    }

    @Test
    void aSendingRunSendsItsLastEventsAtExitEvenAfterItsOwnFirstDelivery() throws Exception {
        TestSupport.MutableClock clock = new TestSupport.MutableClock();
        try (TestCollector collector = new TestCollector()) {
            SenderSettings hourly = hourly(collector);
            EventSender run = sender(hourly, clock);
            submit(run, "early", 2);
            assertThat(TestSupport.await(Duration.ofSeconds(10), () -> collector.deliveredEventIds().size() == 2))
                    .as("the background thread delivered the first batch").isTrue();
            clock.advance(Duration.ofMinutes(5)); // the interval runs from that delivery
            submit(run, "late", 2);
            run.flushAtExit();
            assertThat(TestCollector.sorted(collector.deliveredEventIds()))
                    .containsExactly("early0", "early1", "late0", "late1");
        }
    }

    @Test
    void aLongRunningProcessStartsSendingWhenTheIntervalHasPassed() throws Exception {
        try (TestCollector collector = new TestCollector()) {
            SenderSettings shortInterval = settings(collector.uri(), spool).sendInterval(Duration.ofSeconds(3)).build();
            EventSender first = sender(shortInterval, Clock.systemUTC());
            submit(first, "x", 1);
            first.flushAtExit();
            assertThat(collector.deliveredEventIds()).containsExactly("x0");

            EventSender server = sender(shortInterval, Clock.systemUTC());
            submit(server, "y", 1);
            Thread.sleep(200);
            assertThat(collector.deliveredEventIds()).as("within the interval").containsExactly("x0");
            assertThat(TestSupport.await(Duration.ofSeconds(15), () -> collector.deliveredEventIds().size() == 2))
                    .as("sent by the background thread once the interval passed, without an exit flush").isTrue();
            assertThat(collector.deliveredEventIds()).containsExactly("x0", "y0");
        }
    }

    @Test
    void zeroIntervalSendsFromEveryRun() throws Exception {
        TestSupport.MutableClock clock = new TestSupport.MutableClock();
        try (TestCollector collector = new TestCollector()) {
            SenderSettings every = settings(collector.uri(), spool).flushTimeoutMillis(5000).build();
            assertThat(every.sendInterval()).isZero();
            for (int run = 0; run < 3; run++) {
                EventSender sender = sender(every, clock);
                submit(sender, "r" + run + "-", 1);
                sender.flushAtExit();
                assertThat(collector.deliveredEventIds()).hasSize(run + 1);
            }
        }
    }

    @Test
    void lastDeliveryIsKeptAcrossFailuresAndAFutureOneIsIgnored() throws Exception {
        TestSupport.MutableClock clock = new TestSupport.MutableClock();
        SenderSettings hourly = SenderSettings.builder().spoolDirectory(spool).sendInterval(HOUR).build();
        DeliveryState state = new DeliveryState(spool, hourly, clock);
        assertThat(state.quietUntilMillis()).as("never delivered").isZero();

        state.recordSuccess();
        long delivered = clock.millis();
        clock.advance(Duration.ofMinutes(1));
        state.recordFailure(RetryAfter.NONE);
        assertThat(state.quietUntilMillis()).as("a failure keeps the last delivery").isEqualTo(delivered + HOUR.toMillis());
        assertThat(state.inWindow()).isTrue();
        assertThat(clock.millis()).isLessThan(state.quietUntilMillis());

        assertThat(new DeliveryState(spool, SenderSettings.builder().spoolDirectory(spool).build(), clock)
                .quietUntilMillis()).as("zero interval").isZero();

        Files.writeString(spool.resolve(DeliveryState.FILE_NAME),
                "failures=0\nnotBefore=0\nlastDelivery=" + (clock.millis() + Duration.ofDays(3).toMillis()) + "\n");
        assertThat(state.quietUntilMillis()).as("a delivery in the future means a clock that went back").isZero();
    }

    private SenderSettings hourly(TestCollector collector) {
        return settings(collector.uri(), spool).sendInterval(HOUR).flushTimeoutMillis(5000).build();
    }

    @Test
    void intervalIsCappedAtHalfTheSpoolAge() {
        SenderSettings settings = SenderSettings.builder().sendInterval(Duration.ofDays(30)).build();
        assertThat(settings.sendInterval()).isEqualTo(Duration.ofDays(7).dividedBy(2));
        assertThat(SenderSettings.builder().sendInterval(Duration.ofMinutes(-5)).build().sendInterval()).isZero();
    }
}
