package dev.gatsbytelemetry.agent.sender;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A tiny "CLI tool" run in its own JVM by {@link ConcurrentSendersTest}: submits events, lets the
 * background thread work a little, and relies on the shutdown hook to flush, as the agent will.
 * Arguments: spool directory, endpoint, event id prefix, event count, flush budget in ms, and
 * optionally {@code timed} to print how long the exit flush took ({@code flushAtExit-ms=N}) and the
 * sender's log lines ({@code log: ...}).
 */
public final class SenderWorkerMain {

    private SenderWorkerMain() { }

    public static void main(String[] args) throws Exception {
        SenderSettings settings = SenderSettings.builder()
                .spoolDirectory(Path.of(args[0]))
                .endpoint(URI.create(args[1]))
                .flushTimeoutMillis(Long.parseLong(args[4]))
                .maxBatchEvents(3)
                .lingerMillis(5)
                .systemProperties(Map.of())
                .build();
        boolean timed = args.length > 5 && args[5].equals("timed");
        SenderLog log = timed ? message -> System.out.println("log: " + message) : SenderLog.NONE;
        EventSender sender = new EventSender(settings, Map.of(), Clock.systemUTC(), log);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long start = System.nanoTime();
            sender.flushAtExit();
            if (timed) {
                System.out.println("flushAtExit-ms=" + (System.nanoTime() - start) / 1_000_000);
            }
        }, "telemetry-shutdown-hook"));
        String prefix = args[2];
        int count = Integer.parseInt(args[3]);
        for (int i = 0; i < count; i++) {
            sender.submit(prefix + i, TestSupport.event(prefix + i));
            if (i % 4 == 3) {
                Thread.sleep(7); // let the background thread spool and send some batches meanwhile
            }
        }
    }
}
