package dev.gatsbytelemetry.agent.sender;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Small shared helpers for the sender tests. */
final class TestSupport {

    private TestSupport() { }

    /** A wall clock the test can move. */
    static final class MutableClock extends Clock {
        private final AtomicLong millis;

        MutableClock(long startMillis) {
            this.millis = new AtomicLong(startMillis);
        }

        MutableClock() {
            this(System.currentTimeMillis());
        }

        void advance(Duration by) {
            millis.addAndGet(by.toMillis());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** A log that keeps messages (printed when a test fails to make sense of timing). */
    static final class RecordingLog implements SenderLog {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void debug(String message) {
            lines.add(message);
        }
    }

    static SenderSettings.Builder settings(URI endpoint, Path spool) {
        return SenderSettings.builder()
                .endpoint(endpoint)
                .spoolDirectory(spool)
                .userAgent("gatsby-telemetry-agent/0.1.0-test")
                .lingerMillis(50)
                .systemProperties(Map.of());
    }

    static EventSender sender(SenderSettings settings, Clock clock) {
        return new EventSender(settings, Map.of(), clock, new RecordingLog());
    }

    static String event(String id) {
        return "{\"eventId\":\"" + id + "\",\"eventType\":\"CLI_COMMAND_BUILD\",\"time\":\"2026-01-01T00:00:00Z\"}";
    }

    static void submit(EventSender sender, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            sender.submit(prefix + i, event(prefix + i));
        }
    }

    static List<String> ids(String prefix, int count) {
        return Stream.iterate(0, i -> i + 1).limit(count).map(i -> prefix + i).sorted().toList();
    }

    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    /** Names of every file in the directory. */
    static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Waits until no batch is claimed (an abandoned exit thread gives its claim back when its socket times out). */
    static void awaitNoClaims(Path dir) throws InterruptedException {
        await(Duration.ofSeconds(10), () -> {
            try {
                return names(dir).stream().noneMatch(n -> n.contains(".sending-"));
            } catch (IOException e) {
                return false;
            }
        });
    }
}
