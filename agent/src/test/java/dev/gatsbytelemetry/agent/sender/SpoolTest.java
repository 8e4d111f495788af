package dev.gatsbytelemetry.agent.sender;

import static dev.gatsbytelemetry.agent.sender.TestSupport.event;
import static dev.gatsbytelemetry.agent.sender.TestSupport.ids;
import static dev.gatsbytelemetry.agent.sender.TestSupport.names;
import static dev.gatsbytelemetry.agent.sender.TestSupport.sender;
import static dev.gatsbytelemetry.agent.sender.TestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk spool: crash safety, claims, garbage, bounds. */
class SpoolTest {

    @TempDir
    Path dir;

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock();

    private Spool spool(SenderSettings.Builder builder) {
        return new Spool(dir, builder.build(), clock);
    }

    private static String batch(String... ids) {
        List<String> events = new ArrayList<>();
        for (String id : ids) {
            events.add(event(id));
        }
        return "[" + String.join(",", events) + "]";
    }

    @Test
    void writeLeavesNoTempFileAndClaimsAreExclusive() throws Exception {
        Spool spool = spool(settings(null, dir));
        Path written = spool.write(batch("a", "b"), 2);
        assertThat(names(dir)).containsExactly(written.getFileName().toString());
        assertThat(SpoolFile.parse(written).events()).isEqualTo(2);

        SpoolFile claimed = spool.claimOldest();
        assertThat(claimed.path().getFileName().toString()).endsWith(".sending-" + ProcessHandle.current().pid());
        assertThat(spool.claimOldest()).as("a claimed batch is not handed out twice").isNull();
        assertThat(new String(spool.readClaimed(claimed), StandardCharsets.UTF_8)).isEqualTo(batch("a", "b"));

        spool.release(claimed);
        assertThat(names(dir)).containsExactly(written.getFileName().toString());
        spool.complete(spool.claimOldest());
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void garbageFilesAreSkippedAndDeletedAndGoodOnesStillDelivered() throws Exception {
        Spool spool = spool(settings(null, dir));
        Files.createDirectories(dir);
        for (int i = 0; i < 30; i++) {
            Files.write(dir.resolve("batch-garbage-" + i + ".json"), new byte[] {(byte) 0xff, 0, (byte) i});
        }
        String validName = SpoolFile.batchName(clock.millis() - 5, "000000-0123456789abcdef", 2);
        Files.writeString(dir.resolve(validName.replace("0123456789abcdef", "0000000000000001")), "[{\"eventId\":\"trunc");
        Files.writeString(dir.resolve(validName.replace("0123456789abcdef", "0000000000000002")), "not json at all");
        Files.writeString(dir.resolve(validName.replace("0123456789abcdef", "0000000000000003")), "[]");
        Files.write(dir.resolve(validName.replace("0123456789abcdef", "0000000000000004")), new byte[] {'[', (byte) 0xc3, ']'});
        Files.writeString(dir.resolve(validName.replace("0123456789abcdef", "0000000000000005")), "[1,2]");
        Files.writeString(dir.resolve("notes.txt"), "not ours");
        Path oldTemp = dir.resolve(".tmp-crashed.part");
        Files.writeString(oldTemp, "[{\"half\":");
        Files.setLastModifiedTime(oldTemp, FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(30)));
        Path freshTemp = dir.resolve(".tmp-being-written.part");
        Files.writeString(freshTemp, "[{\"half\":");
        spool.write(batch("g1", "g2"), 2);

        try (TestCollector collector = new TestCollector()) {
            EventSender sender = sender(settings(collector.uri(), dir).flushTimeoutMillis(5000).build(), clock);
            sender.flushAtExit();
            assertThat(collector.deliveredEventIds()).containsExactly("g1", "g2");
            assertThat(collector.requests()).hasSize(1);
        }
        assertThat(names(dir)).containsExactlyInAnyOrder("notes.txt", ".tmp-being-written.part",
                DeliveryState.FILE_NAME);
    }

    /**
     * Temp files of halted writers (a JVM that exited between writing a batch, a pending record or
     * the delivery state and renaming it): every kind is removed once older than the safe age, a
     * fresh one (a live writer's) stays, and one pass looks at a bounded number of them.
     */
    @Test
    void haltedWritersTempFilesGoOnceOldWithBoundedWorkPerPass() throws Exception {
        Spool spool = spool(settings(null, dir));
        Files.createDirectories(dir);
        long old = System.currentTimeMillis() - Spool.TEMP_MAX_AGE_MILLIS - TimeUnit.MINUTES.toMillis(1);
        int stale = Spool.MAX_TEMPS_PER_PASS + 20;
        for (int i = 0; i < stale; i++) {
            // the three writers' temp names: a batch, a pending record, the delivery state
            String name = i % 3 == 0 ? ".tmp-" + String.format("%06d-%016x", i, i) + ".part"
                    : i % 3 == 1 ? ".tmp-pending-" + Long.toHexString(i) : ".tmp-" + Long.toHexString(i) + ".part";
            Path temp = dir.resolve(name);
            Files.writeString(temp, "[{\"half\":");
            Files.setLastModifiedTime(temp, FileTime.fromMillis(old));
        }
        Path fresh = dir.resolve(".tmp-000001-00000000000000ff.part");
        Files.writeString(fresh, "[{\"being\":\"written\"");
        Path written = spool.write(batch("t1"), 1);

        spool.housekeeping();
        long left = names(dir).stream().filter(n -> n.startsWith(".tmp-")).count();
        assertThat(left).as("one pass looks at most at %d temp files", Spool.MAX_TEMPS_PER_PASS)
                .isBetween(21L, 22L);
        spool.housekeeping();
        assertThat(names(dir)).containsExactlyInAnyOrder(fresh.getFileName().toString(),
                written.getFileName().toString());
    }

    @Test
    void fileCountBoundDropsTheOldestAndCountsTheirEvents() throws Exception {
        Spool spool = spool(settings(null, dir).maxSpoolFiles(3));
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(spool.write(batch("c" + i + "a", "c" + i + "b"), 2));
            clock.advance(Duration.ofMillis(1));
        }
        spool.enforceBounds();
        assertThat(spool.files()).extracting(p -> p.getFileName().toString())
                .containsExactly(written.subList(2, 5).stream().map(p -> p.getFileName().toString()).toArray(String[]::new));
        assertThat(spool.droppedCounter().read()).isEqualTo(4);
    }

    @Test
    void aSpoolOverItsFileBoundIsTrimmedToNineTenthsSoTheNextWritesStayCheap() throws Exception {
        Spool spool = spool(settings(null, dir).maxSpoolFiles(20));
        for (int i = 0; i < 21; i++) {
            spool.write(batch("f" + i), 1);
            clock.advance(Duration.ofMillis(1));
        }
        spool.enforceBounds();
        assertThat(spool.files()).hasSize(18);
        assertThat(spool.droppedCounter().read()).isEqualTo(3);
        spool.write(batch("next"), 1);
        spool.enforceBounds();
        assertThat(spool.files()).as("within the bound again: nothing more dropped").hasSize(19);
        assertThat(spool.droppedCounter().read()).isEqualTo(3);
    }

    @Test
    void byteBoundDropsTheOldest() throws Exception {
        String oneBatch = batch("x1", "x2", "x3");
        long size = oneBatch.getBytes(StandardCharsets.UTF_8).length;
        Spool spool = spool(settings(null, dir).maxSpoolBytes(size * 2 + size / 2));
        Path oldest = spool.write(oneBatch, 3);
        clock.advance(Duration.ofMillis(1));
        spool.write(oneBatch, 3);
        clock.advance(Duration.ofMillis(1));
        spool.write(oneBatch, 3);
        spool.enforceBounds();
        assertThat(spool.files()).hasSize(2).doesNotContain(oldest);
        assertThat(spool.droppedCounter().take()).isEqualTo(3);
        assertThat(spool.droppedCounter().read()).isZero();
    }

    @Test
    void ageBoundDropsBatchesOlderThanSevenDays() throws Exception {
        Spool spool = spool(settings(null, dir));
        spool.write(batch("old"), 1);
        clock.advance(Duration.ofDays(6));
        Path young = spool.write(batch("young"), 1);
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        spool.enforceBounds();
        assertThat(spool.files()).containsExactly(young);
        assertThat(spool.droppedCounter().read()).isEqualTo(1);
    }

    @Test
    void senderEnforcesBoundsWhileOffline() throws Exception {
        // An offline machine over many runs: the spool never grows past its bounds.
        java.net.URI refused = java.net.URI.create("http://127.0.0.1:" + RawServer.closedPort() + "/");
        for (int run = 0; run < 8; run++) {
            EventSender sender = sender(settings(refused, dir).maxSpoolFiles(5).flushTimeoutMillis(2_000).build(), clock);
            TestSupport.submit(sender, "run" + run + "-", 3);
            sender.flushAtExit();
            // All runs share this JVM's pid, so a batch an earlier run's thread still holds looks
            // claimed by a live process; separate processes would not wait for each other here.
            TestSupport.awaitNoClaims(dir);
            clock.advance(Duration.ofSeconds(1));
        }
        EventSender last = sender(settings(refused, dir).maxSpoolFiles(5).build(), clock);
        // Never past the bound, and every event either still spooled or counted as dropped. (Runs in one
        // JVM overlap: a run's background thread can still be spooling when the next run enforces the
        // bound, so how many of the oldest batches fall off depends on timing.)
        assertThat(last.spoolFiles()).hasSizeLessThanOrEqualTo(5).isNotEmpty();
        long[] dropped = {0};
        TestSupport.await(Duration.ofSeconds(10), () -> {
            dropped[0] += last.takeDroppedEventsReport();
            return last.pendingSpoolEvents() + dropped[0] == 8 * 3;
        });
        assertThat(last.pendingSpoolEvents() + dropped[0]).isEqualTo(8 * 3);
    }

    @Test
    void claimsOfDeadProcessesAreReclaimedAndLiveOnesRespectedUntilStale() throws Exception {
        Spool spool = spool(settings(null, dir).staleClaimAge(Duration.ofMinutes(10)));
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor(10, TimeUnit.SECONDS);
        long deadPid = finished.pid();
        long livePid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();

        SpoolFile dead = SpoolFile.parse(spool.write(batch("dead"), 1));
        Files.move(dead.path(), dead.claimedPath(deadPid));
        SpoolFile live = SpoolFile.parse(spool.write(batch("live"), 1));
        Path liveClaim = live.claimedPath(livePid);
        Files.move(live.path(), liveClaim);
        Files.setLastModifiedTime(liveClaim, FileTime.fromMillis(System.currentTimeMillis()));

        spool.housekeeping();
        assertThat(names(dir)).containsExactlyInAnyOrder(
                dead.unclaimedPath().getFileName().toString(), liveClaim.getFileName().toString());

        Files.setLastModifiedTime(liveClaim, FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(11)));
        spool.housekeeping();
        assertThat(names(dir)).containsExactlyInAnyOrder(
                dead.unclaimedPath().getFileName().toString(), live.unclaimedPath().getFileName().toString());
    }

    @Test
    void pendingAndListingHelpersSeeClaimedBatchesToo() throws Exception {
        Spool spool = spool(settings(null, dir));
        spool.write(batch("a", "b", "c"), 3);
        spool.write(batch("d"), 1);
        spool.claimOldest();
        assertThat(spool.pendingEvents()).isEqualTo(4);
        assertThat(spool.files()).hasSize(2);
    }

    @Test
    void deleteAllLeavesForeignFilesAndTheirDirectory() throws Exception {
        Spool spool = spool(settings(null, dir));
        spool.write(batch("a"), 1);
        spool.droppedCounter().add(2);
        Files.writeString(dir.resolve("notes.txt"), "mine, not the spool's");
        spool.deleteAll();
        assertThat(names(dir)).containsExactly("notes.txt");
    }

    @Test
    void idsOfEveryEventSurviveTheRoundTrip() throws Exception {
        try (TestCollector collector = new TestCollector()) {
            Spool spool = spool(settings(null, dir));
            spool.write(batch(ids("s", 3).toArray(String[]::new)), 3);
            sender(settings(collector.uri(), dir).flushTimeoutMillis(5000).build(), clock).flushAtExit();
            assertThat(TestCollector.sorted(collector.deliveredEventIds())).isEqualTo(ids("s", 3));
        }
    }
}
