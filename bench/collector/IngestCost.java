import dev.gatsbytelemetry.collector.ingest.BatchDecoder;
import dev.gatsbytelemetry.collector.ingest.EventValidator;
import dev.gatsbytelemetry.collector.storage.StoredEvent;
import dev.gatsbytelemetry.collector.storage.duckdb.DuckDbStorage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an ingested event's CPU goes, in-process, without HTTP: {@code decode} times gunzip + parse +
 * validate + map of IngestLoad's bodies (CPU of this thread, warmed); {@code store FILE} stores
 * 5,000-event transactions into a fresh DuckDB file through the collector's own consumer and prints
 * the process's CPU per stored event (DuckDB's threads included).
 *
 * <pre>javac -cp collector/target/gatsby-telemetry-collector.jar -d /tmp/ic bench/collector/IngestLoad.java bench/collector/IngestCost.java
 * java -cp collector/target/gatsby-telemetry-collector.jar:/tmp/ic IngestCost decode
 * java -cp collector/target/gatsby-telemetry-collector.jar:/tmp/ic IngestCost store /tmp/ic/store.duckdb [transactions] [events per transaction]</pre>
 */
public final class IngestCost {

    public static void main(String[] args) throws Exception {
        BatchDecoder decoder = new BatchDecoder(new EventValidator(), 5L << 20, 50L << 20);
        if (args[0].equals("decode")) {
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                bodies.add(IngestLoad.body(100, 1, true));
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int round = 0; round < 6; round++) {
                long c0 = threads.getCurrentThreadCpuTime();
                int n = 0;
                for (int k = 0; k < 10; k++) {
                    for (byte[] body : bodies) {
                        n += decoder.decode(new ByteArrayInputStream(body), true).events().size();
                    }
                }
                System.out.printf("decode (gunzip, parse, validate, map): %.2f µs CPU per event%n",
                        (threads.getCurrentThreadCpuTime() - c0) / 1e3 / n);
            }
            return;
        }
        Path file = Path.of(args[1]);
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(args[1] + ".wal"));
        int groups = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int perTransaction = args.length > 3 ? Integer.parseInt(args[3]) : 5000; // a multiple of 100
        try (DuckDbStorage storage = DuckDbStorage.open(file)) {
            long ticks = 0;
            for (int g = 1; g <= groups; g++) {
                List<StoredEvent> events = new ArrayList<>();
                for (int i = 0; i < perTransaction / 100; i++) {
                    events.addAll(decoder.decode(new ByteArrayInputStream(IngestLoad.body(100, 1, true)), true).events());
                }
                long c0 = processTicks();
                storage.consumer().store(events, List.of());
                ticks += processTicks() - c0;
                if (g % 20 == 0) {
                    System.out.printf("after %d events: store %.1f µs CPU per event (last 20 transactions of %d)%n",
                            g * perTransaction, ticks * 1e6 / 100 / (20 * perTransaction), perTransaction);
                    ticks = 0;
                }
            }
        }
    }

    /** This process's user + system CPU time in clock ticks (1/100 s), all threads. */
    private static long processTicks() throws Exception {
        String[] fields = Files.readString(Path.of("/proc/self/stat")).split("\\) ")[1].split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
