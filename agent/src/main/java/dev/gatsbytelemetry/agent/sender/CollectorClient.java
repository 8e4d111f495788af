package dev.gatsbytelemetry.agent.sender;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URLConnection;
import java.time.Clock;
import java.util.zip.GZIPOutputStream;

/**
 * One POST of one batch to the collector with {@link HttpURLConnection}, under a deadline.
 *
 * <p>Classification: 2xx {@link Outcome#DELIVERED}; 408, 429, 5xx, any I/O error, timeout or non-HTTP
 * answer {@link Outcome#RETRY} (with the server's {@code Retry-After} if any): refused and reset
 * connections, unreachable networks and hosts, DNS failures, TLS handshake failures all end up here,
 * whatever exception the JDK chooses for them; 400, 413 and 422 (the batch's content was refused,
 * maybe for one event) {@link Outcome#SPLIT}; every other 4xx {@link Outcome#REJECTED}. Redirects (301/302/303/307/308) are followed by hand, re-posting the
 * body, at most {@value #MAX_REDIRECTS} times and only to https URLs; anything else is a
 * {@code RETRY}. Fixed-length streaming mode is used, which also stops the JDK from silently
 * re-sending a POST.
 */
final class CollectorClient {

    private final java.util.Set<HttpURLConnection> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean aborted;

    static final int MAX_REDIRECTS = 3;
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    /** What to do with a batch after one attempt. */
    enum Outcome { DELIVERED, RETRY, SPLIT, REJECTED }

    /**
     * How a connection is opened: {@link java.net.URL#openConnection(Proxy)} in the agent; tests
     * substitute connections that fail the way a remote network would (no route, DNS), since a test
     * never sends a packet beyond the loopback interface.
     */
    interface Opener {
        URLConnection open(URI target, Proxy proxy) throws IOException;
    }

    /** The JDK's own connections. An anonymous class, not a lambda: no class spun when cold. */
    static final Opener JDK = new Opener() {
        @Override
        public URLConnection open(URI target, Proxy proxy) throws IOException {
            return target.toURL().openConnection(proxy);
        }
    };

    /** The header that lets a collector drop a batch it already has without parsing it. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** Result of one attempt; {@code retryAfterMillis} is {@link RetryAfter#NONE} when absent. */
    record Result(Outcome outcome, int status, long retryAfterMillis, String detail) {
        static Result retry(String detail) {
            return new Result(Outcome.RETRY, -1, RetryAfter.NONE, detail);
        }
    }

    private final SenderSettings settings;
    private final ProxySelection proxies;
    private final Clock clock;
    private final Opener opener;

    CollectorClient(SenderSettings settings, ProxySelection proxies, Clock clock) {
        this(settings, proxies, clock, JDK);
    }

    CollectorClient(SenderSettings settings, ProxySelection proxies, Clock clock, Opener opener) {
        this.settings = settings;
        this.proxies = proxies;
        this.clock = clock;
        this.opener = opener == null ? JDK : opener;
    }

    /** Gzips {@code json} when the settings ask for it. */
    byte[] encode(byte[] json) throws IOException {
        if (!settings.gzip()) {
            return json;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, json.length / 4));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(json);
        }
        return out.toByteArray();
    }

    /**
     * Posts an already {@link #encode encoded} body. Each connect and read waits at most its timeout
     * and never past {@code deadlineNanos} ({@link System#nanoTime()} based). Never throws.
     *
     * @param idempotencyKey the batch's stable id, sent as {@value #IDEMPOTENCY_KEY} (null: none)
     */
    Result post(byte[] body, String idempotencyKey, int connectTimeoutMillis, int readTimeoutMillis,
                long deadlineNanos) {
        URI target = settings.endpoint();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Result result;
            String location;
            HttpURLConnection connection = null;
            try {
                long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return Result.retry("deadline passed");
                }
                connection = open(target, body.length);
                if (idempotencyKey != null) {
                    connection.setRequestProperty(IDEMPOTENCY_KEY, idempotencyKey);
                }
                open.add(connection);
                connection.setConnectTimeout((int) Math.max(1, Math.min(connectTimeoutMillis, left)));
                connection.setReadTimeout((int) Math.max(1, Math.min(readTimeoutMillis, left)));
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
                int status = connection.getResponseCode();
                drain(connection, status);
                if (status < 100) {
                    return Result.retry("not an HTTP response");
                }
                location = connection.getHeaderField("Location");
                result = classify(status, connection.getHeaderField("Retry-After"));
            } catch (Throwable e) {
                // Every failure of the attempt, whatever its class (a TLS stack may throw an Error or
                // a RuntimeException of its own), keeps the batch for a later attempt.
                if (connection != null) {
                    try {
                        connection.disconnect(); // never leave a socket to a bad server in the keep-alive cache
                    } catch (RuntimeException ignored) {
                        // already broken
                    }
                }
                return Result.retry(e.getClass().getSimpleName());
            } finally {
                if (connection != null) {
                    open.remove(connection);
                }
            }
            if (!isRedirect(result.status())) {
                return result;
            }
            URI next = resolve(target, location);
            if (next == null || !"https".equalsIgnoreCase(next.getScheme())) {
                return new Result(Outcome.RETRY, result.status(), RetryAfter.NONE, "redirect refused: not https");
            }
            target = next;
        }
        return Result.retry("too many redirects");
    }

    /**
     * Closes every connection still waiting on the network. Called when the exit budget is spent: a
     * thread left blocked in a socket read makes HotSpot wait up to 300 ms more before the process
     * can end ({@code VM_Exit::wait_for_threads_in_native_to_block}: "at least 300 milliseconds" for
     * user threads in native code), measured here as exactly that much extra exit delay against a
     * collector that never answers.
     */
    void abortAll() {
        aborted = true;
        for (HttpURLConnection connection : open) {
            try {
                connection.disconnect();
            } catch (RuntimeException ignored) {
                // closing is best effort
            }
        }
    }

    /**
     * Whether {@link #abortAll} was called: a request that failed since may have failed only because
     * of it, and the JVM is about to halt.
     */
    boolean aborted() {
        return aborted;
    }

    /** Whether the endpoint is https (its first connection in a JVM pays for initialising TLS). */
    boolean usesTls() {
        return "https".equalsIgnoreCase(settings.endpoint().getScheme());
    }

    /**
     * Loads and initialises the HTTP (and, for https, TLS) classes and runs the gzip encoder, without
     * connecting: {@code openConnection} does not touch the network.
     */
    void warmUp() throws IOException, java.security.GeneralSecurityException {
        encode(new byte[] {'[', ']'});
        HttpURLConnection connection = open(settings.endpoint(), 2);
        connection.setConnectTimeout(1);
        connection.setReadTimeout(1);
        classify(200, null);
        RetryAfter.parseMillis("1", 0, 1);
        if (usesTls()) {
            javax.net.ssl.SSLContext.getDefault();
            javax.net.ssl.HttpsURLConnection.getDefaultSSLSocketFactory();
        }
    }

    private HttpURLConnection open(URI target, int length) throws IOException {
        Proxy proxy = proxies.select(target);
        URLConnection raw = opener.open(target, proxy);
        if (!(raw instanceof HttpURLConnection)) {
            throw new IOException("not an http(s) URL");
        }
        HttpURLConnection connection = (HttpURLConnection) raw;
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setDoOutput(true);
        connection.setRequestMethod("POST");
        connection.setFixedLengthStreamingMode(length);
        connection.setRequestProperty("Content-Type", "application/json");
        if (settings.gzip()) {
            connection.setRequestProperty("Content-Encoding", "gzip");
        }
        connection.setRequestProperty("User-Agent", settings.userAgent());
        connection.setRequestProperty("Accept", "*/*");
        return connection;
    }

    private Result classify(int status, String retryAfterHeader) {
        if (status >= 200 && status < 300) {
            return new Result(Outcome.DELIVERED, status, RetryAfter.NONE, "HTTP " + status);
        }
        if (isRedirect(status)) {
            return new Result(Outcome.RETRY, status, RetryAfter.NONE, "HTTP " + status);
        }
        if (status == 408 || status == 429 || status >= 500) {
            long retryAfter = RetryAfter.parseMillis(retryAfterHeader, clock.millis(),
                    settings.maxBackoffWindow().toMillis());
            return new Result(Outcome.RETRY, status, retryAfter, "HTTP " + status);
        }
        if (status == 400 || status == 413 || status == 422) {
            return new Result(Outcome.SPLIT, status, RetryAfter.NONE, "HTTP " + status);
        }
        if (status >= 400) {
            return new Result(Outcome.REJECTED, status, RetryAfter.NONE, "HTTP " + status);
        }
        return new Result(Outcome.RETRY, status, RetryAfter.NONE, "HTTP " + status); // 1xx/3xx oddities
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI resolve(URI base, String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        try {
            URI next = base.resolve(location.trim());
            return next.getScheme() == null || next.getHost() == null ? null : next;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Reads and discards a bounded amount of the response so the connection can be reused. */
    private static void drain(HttpURLConnection connection, int status) {
        try (InputStream in = status >= 400 || status < 100 ? connection.getErrorStream() : connection.getInputStream()) {
            if (in == null) {
                return;
            }
            byte[] buffer = new byte[4096];
            int total = 0;
            int n;
            while (total < MAX_RESPONSE_BYTES && (n = in.read(buffer)) > 0) {
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            // the status is what matters
        }
    }
}
