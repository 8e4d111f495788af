package dev.gatsbytelemetry.agent.sender;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Immutable configuration of an {@link EventSender}. Build one with {@link #builder()}; every value
 * has a safe default, and out-of-range values are clamped instead of rejected, so building never
 * throws.
 *
 * <p>A {@code null} {@link #endpoint()} or {@link #spoolDirectory()} switches the sender off: then
 * nothing is queued, written or sent, so a tool that forgot to configure telemetry cannot fill its
 * users' disks.
 */
public final class SenderSettings {

    private final URI endpoint;
    private final boolean gzip;
    private final String userAgent;
    private final Path spoolDirectory;
    private final long flushTimeoutMillis;
    private final int maxBatchEvents;
    private final int maxBatchBytes;
    private final int maxQueueEvents;
    private final int maxQueueBytes;
    private final long lingerMillis;
    private final long maxSpoolBytes;
    private final int maxSpoolFiles;
    private final Duration maxSpoolAge;
    private final Duration backoffWindow;
    private final Duration maxBackoffWindow;
    private final int exitConnectTimeoutMillis;
    private final int backgroundConnectTimeoutMillis;
    private final int backgroundReadTimeoutMillis;
    private final Duration staleClaimAge;
    private final Duration sendInterval;
    private final Function<String, String> systemProperties;

    private SenderSettings(Builder b) {
        this.endpoint = b.endpoint;
        this.gzip = b.gzip;
        this.userAgent = b.userAgent == null || b.userAgent.isBlank() ? "gatsby-telemetry-agent" : b.userAgent;
        this.spoolDirectory = b.spoolDirectory;
        this.flushTimeoutMillis = clamp(b.flushTimeoutMillis, 0, 60_000);
        this.maxBatchEvents = (int) clamp(b.maxBatchEvents, 1, 10_000);
        this.maxBatchBytes = (int) clamp(b.maxBatchBytes, 1024, 16 << 20);
        this.maxQueueEvents = (int) clamp(b.maxQueueEvents, 1, 1_000_000);
        this.maxQueueBytes = (int) clamp(b.maxQueueBytes, this.maxBatchBytes, 256 << 20);
        this.lingerMillis = clamp(b.lingerMillis, 0, 60_000);
        this.maxSpoolBytes = clamp(b.maxSpoolBytes, 0, Long.MAX_VALUE);
        this.maxSpoolFiles = (int) clamp(b.maxSpoolFiles, 0, 1_000_000);
        this.maxSpoolAge = positiveOr(b.maxSpoolAge, Duration.ofDays(7));
        this.backoffWindow = positiveOr(b.backoffWindow, Duration.ofMinutes(10));
        Duration max = positiveOr(b.maxBackoffWindow, Duration.ofHours(24));
        this.maxBackoffWindow = max.compareTo(backoffWindow) < 0 ? backoffWindow : max;
        this.exitConnectTimeoutMillis = (int) clamp(b.exitConnectTimeoutMillis, 1, 60_000);
        this.backgroundConnectTimeoutMillis = (int) clamp(b.backgroundConnectTimeoutMillis, 1, 600_000);
        this.backgroundReadTimeoutMillis = (int) clamp(b.backgroundReadTimeoutMillis, 1, 600_000);
        this.staleClaimAge = positiveOr(b.staleClaimAge, Duration.ofMinutes(10));
        // Longer than the spool's age limit would expire events before anyone sends them. (Not
        // Duration.dividedBy: it loads and initialises BigDecimal on the recorder thread.)
        Duration interval = b.sendInterval == null || b.sendInterval.isNegative() ? Duration.ZERO : b.sendInterval;
        Duration cap = Duration.ofMillis(maxSpoolAge.toMillis() / 2);
        this.sendInterval = interval.compareTo(cap) > 0 ? cap : interval;
        this.systemProperties = b.systemProperties == null ? new JvmProperties() : b.systemProperties;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collector URL, or {@code null} when no endpoint is configured (sender off). */
    public URI endpoint() { return endpoint; }
    /** Whether request bodies are gzip-compressed ({@code Content-Encoding: gzip}). Default true. */
    public boolean gzip() { return gzip; }
    /** {@code User-Agent} header, e.g. {@code gatsby-telemetry-agent/0.1.0}. */
    public String userAgent() { return userAgent; }
    /** Spool directory, e.g. {@code $XDG_CONFIG_HOME/gatsby/events/}; {@code null} = sender off. */
    public Path spoolDirectory() { return spoolDirectory; }
    /** Hard wall-clock budget of {@link EventSender#flushAtExit()}. Default 250 ms. */
    public long flushTimeoutMillis() { return flushTimeoutMillis; }
    /** Most events in one POST. Default 100. */
    public int maxBatchEvents() { return maxBatchEvents; }
    /** Most bytes (UTF-8 JSON, before gzip) in one POST; larger single events are dropped. Default 256 KiB. */
    public int maxBatchBytes() { return maxBatchBytes; }
    /** Most events held in memory before the caller spills a batch to disk. Default 1000. */
    public int maxQueueEvents() { return maxQueueEvents; }
    /** Most bytes held in memory before the caller spills a batch to disk. Default 1 MiB. */
    public int maxQueueBytes() { return maxQueueBytes; }
    /** How long the background thread waits for more events before it writes a partial batch. Default 500 ms. */
    public long lingerMillis() { return lingerMillis; }
    /** Spool bound: total bytes of batch files. Default 10 MiB. */
    public long maxSpoolBytes() { return maxSpoolBytes; }
    /** Spool bound: number of batch files. Default 1000. */
    public int maxSpoolFiles() { return maxSpoolFiles; }
    /** Spool bound: age of a batch file. Default 7 days. */
    public Duration maxSpoolAge() { return maxSpoolAge; }
    /** First back-off window after a failed delivery. Default 10 minutes. */
    public Duration backoffWindow() { return backoffWindow; }
    /** Longest back-off window (the exponential growth stops here). Default 24 hours. */
    public Duration maxBackoffWindow() { return maxBackoffWindow; }
    /** Connect timeout used at exit (also capped by what is left of the budget). Default 150 ms. */
    public int exitConnectTimeoutMillis() { return exitConnectTimeoutMillis; }
    /** Connect timeout of the background thread. Default 2 s. */
    public int backgroundConnectTimeoutMillis() { return backgroundConnectTimeoutMillis; }
    /** Read timeout of the background thread. Default 5 s. */
    public int backgroundReadTimeoutMillis() { return backgroundReadTimeoutMillis; }
    /** A claimed spool file older than this is taken back even if its owner seems alive. Default 10 minutes. */
    public Duration staleClaimAge() { return staleClaimAge; }
    /**
     * Least time between two runs that use the network: a run starting sooner after the last
     * successful delivery (by any process) only spools its events. Zero (the builder's default):
     * every run sends. Capped at half the spool's age limit.
     */
    public Duration sendInterval() { return sendInterval; }
    /** Lookup of JVM system properties used for proxy settings (tests inject a map). */
    public Function<String, String> systemProperties() { return systemProperties; }

    /** True when both an endpoint and a spool directory are configured. */
    public boolean enabled() {
        return endpoint != null && spoolDirectory != null;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }

    private static Duration positiveOr(Duration value, Duration fallback) {
        return value == null || value.isNegative() || value.isZero() ? fallback : value;
    }

    /** Live system properties (a class, not a lambda: lambdas cost milliseconds in a cold JVM). */
    private static final class JvmProperties implements Function<String, String> {
        @Override
        public String apply(String key) {
            try {
                return System.getProperty(key);
            } catch (RuntimeException e) { // a SecurityManager may refuse
                return null;
            }
        }
    }

    /** Fluent, non-thread-safe builder of {@link SenderSettings}. */
    public static final class Builder {
        private URI endpoint;
        private boolean gzip = true;
        private String userAgent = "gatsby-telemetry-agent";
        private Path spoolDirectory;
        private long flushTimeoutMillis = 250;
        private long maxBatchEvents = 100;
        private long maxBatchBytes = 256 * 1024;
        private long maxQueueEvents = 1000;
        private long maxQueueBytes = 1024 * 1024;
        private long lingerMillis = 500;
        private long maxSpoolBytes = 10L * 1024 * 1024;
        private long maxSpoolFiles = 1000;
        private Duration maxSpoolAge = Duration.ofDays(7);
        private Duration backoffWindow = Duration.ofMinutes(10);
        private Duration maxBackoffWindow = Duration.ofHours(24);
        private long exitConnectTimeoutMillis = 150;
        private long backgroundConnectTimeoutMillis = 2000;
        private long backgroundReadTimeoutMillis = 5000;
        private Duration staleClaimAge = Duration.ofMinutes(10);
        private Duration sendInterval = Duration.ZERO;
        private Function<String, String> systemProperties;

        private Builder() { }

        public Builder endpoint(URI value) { this.endpoint = value; return this; }
        public Builder gzip(boolean value) { this.gzip = value; return this; }
        public Builder userAgent(String value) { this.userAgent = value; return this; }
        public Builder spoolDirectory(Path value) { this.spoolDirectory = value; return this; }
        public Builder flushTimeoutMillis(long value) { this.flushTimeoutMillis = value; return this; }
        public Builder maxBatchEvents(int value) { this.maxBatchEvents = value; return this; }
        public Builder maxBatchBytes(int value) { this.maxBatchBytes = value; return this; }
        public Builder maxQueueEvents(int value) { this.maxQueueEvents = value; return this; }
        public Builder maxQueueBytes(int value) { this.maxQueueBytes = value; return this; }
        public Builder lingerMillis(long value) { this.lingerMillis = value; return this; }
        public Builder maxSpoolBytes(long value) { this.maxSpoolBytes = value; return this; }
        public Builder maxSpoolFiles(int value) { this.maxSpoolFiles = value; return this; }
        public Builder maxSpoolAge(Duration value) { this.maxSpoolAge = value; return this; }
        public Builder backoffWindow(Duration value) { this.backoffWindow = value; return this; }
        public Builder maxBackoffWindow(Duration value) { this.maxBackoffWindow = value; return this; }
        public Builder exitConnectTimeoutMillis(int value) { this.exitConnectTimeoutMillis = value; return this; }
        public Builder backgroundConnectTimeoutMillis(int value) { this.backgroundConnectTimeoutMillis = value; return this; }
        public Builder backgroundReadTimeoutMillis(int value) { this.backgroundReadTimeoutMillis = value; return this; }
        public Builder staleClaimAge(Duration value) { this.staleClaimAge = value; return this; }
        public Builder sendInterval(Duration value) { this.sendInterval = value; return this; }

        /** Proxy-related system properties come from this lookup instead of {@link System#getProperty}. */
        public Builder systemProperties(Function<String, String> lookup) { this.systemProperties = lookup; return this; }

        /** Convenience for tests: system properties from a fixed map. */
        public Builder systemProperties(Map<String, String> values) {
            Map<String, String> copy = new java.util.HashMap<>();
            if (values != null) {
                values.forEach((k, v) -> { if (k != null && v != null) copy.put(k, v); });
            }
            this.systemProperties = copy::get;
            return this;
        }

        public SenderSettings build() {
            return new SenderSettings(this);
        }
    }
}
