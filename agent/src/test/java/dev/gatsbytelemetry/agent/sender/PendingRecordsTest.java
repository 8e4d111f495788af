package dev.gatsbytelemetry.agent.sender;

import static dev.gatsbytelemetry.agent.sender.TestSupport.names;
import static dev.gatsbytelemetry.agent.sender.TestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End events kept at exit before they were complete: a later run of the same tool completes them
 * into ordinary batches, under their own event ids; another tool leaves them alone; nobody takes a
 * record its living owner may still finish.
 */
class PendingRecordsTest {

    /** A pid no process has: Linux pids stay far below this. */
    private static final long DEAD_PID = 2_000_000_000L;

    @TempDir
    Path spool;

    private final PendingCompleter sameTool = key -> key.equals("tool-a")
            ? "\"machineId\":\"m-1\",\"componentId\":\"sitegen\"" : null;

    @Test
    void aLaterRunOfTheSameToolCompletesADeadRunsRecordIntoABatchThatIsDelivered() throws Exception {
        EventSender owner = sender();
        Path record = owner.keepPending("e-1", "tool-a", "\"eventType\":\"BUILD_END\",\"eventId\":\"e-1\"",
                "\"exitCode\":1,\"suppressedErrors\":0");
        assertThat(record).exists();
        assertThat(owner.completePending(sameTool, far())).as("its owner (this process) is alive").isZero();
        orphan(record);

        try (TestCollector collector = new TestCollector()) {
            EventSender later = TestSupport.sender(settings(collector.uri(), spool).flushTimeoutMillis(5000).build(),
                    new TestSupport.MutableClock());
            assertThat(later.completePending(sameTool, far())).isEqualTo(1);
            later.flushAtExit();
            assertThat(collector.requests()).hasSize(1);
            assertThat(collector.requests().get(0).body()).isEqualTo(
                    "[{\"eventType\":\"BUILD_END\",\"eventId\":\"e-1\",\"machineId\":\"m-1\",\"componentId\":\"sitegen\","
                            + "\"exitCode\":1,\"suppressedErrors\":0}]");
        }
        assertThat(names(spool)).noneMatch(n -> n.startsWith("pending-") || n.startsWith("batch-"));
    }

    @Test
    void anotherToolLeavesTheRecordAndARecordWithItsIdentityNeedsNoMatchingTool() throws Exception {
        EventSender sender = sender();
        orphan(sender.keepPending("e-2", "tool-b", "\"eventType\":\"X_END\",\"eventId\":\"e-2\"", "\"exitCode\":0"));
        orphan(sender.keepPending("e-3", null, "\"eventType\":\"Y_END\",\"eventId\":\"e-3\",\"machineId\":\"m-9\"",
                "\"exitCode\":2"));

        assertThat(sender.completePending(sameTool, far())).as("only the complete one").isEqualTo(1);
        List<String> left = names(spool);
        assertThat(left).filteredOn(n -> n.startsWith("pending-")).hasSize(1).allMatch(n -> n.contains("-e-2.json"));
        assertThat(left).filteredOn(n -> n.startsWith("batch-")).hasSize(1);
        assertThat(sender.pendingRecords()).isEqualTo(1);
        assertThat(sender.droppedEvents()).isZero();
    }

    /** Pids are reused: a record whose pid is now a process that started after it was written is an orphan. */
    @Test
    void aRecordWhosePidWasReusedByALaterProcessIsCompleted() throws Exception {
        Files.createDirectories(spool);
        long pid = ProcessHandle.current().pid();
        long thisProcessStarted = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        Files.writeString(spool.resolve("pending-" + (thisProcessStarted - 5_000) + "-" + pid + "-e-5.json"),
                "tool-a\n\"eventType\":\"BUILD_END\",\"eventId\":\"e-5\"\n\"exitCode\":1\n");

        assertThat(sender().completePending(sameTool, far())).as("written before this process started").isEqualTo(1);
        assertThat(names(spool)).noneMatch(n -> n.startsWith("pending-")).anyMatch(n -> n.startsWith("batch-"));
    }

    /**
     * A run that exits while its recorder thread completes another run's record leaves the record
     * claimed ({@code .completing-<pid>}) by a dead process: the next run takes it back and completes
     * it in the same pass, not one run later.
     */
    @Test
    void aRecordLeftClaimedByADeadCompleterIsCompletedInTheSamePass() throws Exception {
        Files.createDirectories(spool);
        long written = System.currentTimeMillis() - 30_000;
        Files.writeString(spool.resolve("pending-" + written + "-" + DEAD_PID + "-e-6.json.completing-" + (DEAD_PID + 1)),
                "tool-a\n\"eventType\":\"BUILD_END\",\"eventId\":\"e-6\"\n\"exitCode\":1\n");

        assertThat(sender().completePending(sameTool, far())).isEqualTo(1);
        assertThat(names(spool)).noneMatch(n -> n.startsWith("pending-")).anyMatch(n -> n.startsWith("batch-"));
    }

    /** Once this process's exit begins, completing others' records is a later run's work. */
    @Test
    void noRecordIsCompletedOnceTheExitBegins() throws Exception {
        EventSender sender = sender();
        orphan(sender.keepPending("e-7", "tool-a", "\"eventType\":\"BUILD_END\",\"eventId\":\"e-7\"", "\"exitCode\":1"));
        sender.exitBegins();
        assertThat(sender.completePending(sameTool, far())).isZero();
        assertThat(sender.pendingRecords()).isEqualTo(1);
        assertThat(sender().completePending(sameTool, far())).as("the next run's").isEqualTo(1);
    }

    /**
     * The records of events handed to the sender may go at exit only when the exit flush put every
     * queued event on disk; a failed write keeps them (a later run completes them again).
     */
    @Test
    void theQueueCountsAsOnDiskAtExitOnlyWhenEveryQueuedEventWasWritten() throws Exception {
        EventSender writes = sender();
        writes.submit("q-1", TestSupport.event("q-1"));
        assertThat(writes.queueOnDiskAtExit()).as("before the exit flush").isFalse();
        writes.flushAtExit(System.nanoTime() + 2_000_000_000L);
        assertThat(writes.queueOnDiskAtExit()).isTrue();

        Path notAFolder = Files.writeString(spool.resolveSibling(spool.getFileName() + "-file"), "x");
        EventSender cannotWrite = TestSupport.sender(
                settings(java.net.URI.create("http://127.0.0.1:9/v1/events"), notAFolder).build(),
                new TestSupport.MutableClock());
        cannotWrite.submit("q-2", TestSupport.event("q-2"));
        cannotWrite.flushAtExit(System.nanoTime() + 2_000_000_000L);
        assertThat(cannotWrite.queueOnDiskAtExit()).as("the spool is a file: nothing was written").isFalse();
    }

    @Test
    void recordsBeyondTheBoundAreDroppedOldestFirstAndCounted() throws Exception {
        Files.createDirectories(spool);
        long now = System.currentTimeMillis();
        int extra = 5;
        for (int i = 0; i < PendingRecords.MAX_RECORDS + extra; i++) {
            Files.writeString(spool.resolve("pending-" + (now - 60_000 + i) + "-" + DEAD_PID + "-e" + i + ".json"),
                    "tool-b\n\"eventId\":\"e" + i + "\"\n\"exitCode\":0\n");
        }
        EventSender sender = sender();
        assertThat(sender.completePending(sameTool, far())).as("another tool's records").isZero();
        assertThat(sender.pendingRecords()).isEqualTo(PendingRecords.MAX_RECORDS);
        assertThat(sender.droppedEvents()).isEqualTo(extra);
        assertThat(names(spool)).noneMatch(n -> n.contains("-e0.json") || n.contains("-e4.json"))
                .anyMatch(n -> n.contains("-e5.json"));
    }

    private EventSender sender() {
        return TestSupport.sender(settings(java.net.URI.create("http://127.0.0.1:9/v1/events"), spool).build(),
                new TestSupport.MutableClock());
    }

    /** As if its owner had died: the pid in the name is one no process has. */
    private static void orphan(Path record) throws Exception {
        String name = record.getFileName().toString();
        long pid = ProcessHandle.current().pid();
        Files.move(record, record.resolveSibling(name.replace("-" + pid + "-", "-" + DEAD_PID + "-")));
    }

    private static long far() {
        return System.nanoTime() + 10_000_000_000L;
    }
}
