package dev.gatsbytelemetry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A telemetry collector on the loopback interface, started by a test, whose behaviour the test
 * switches between runs. It records every request it reads (headers, decoded body, the events in
 * it, and the behaviour it was in), so a test can check what arrived, where and how often.
 *
 * <p>HTTP behaviours are served by a {@link HttpServer}; the two that are not HTTP at all (a black
 * hole that accepts and never answers, and garbage bytes) by a raw {@link ServerSocket}; refusing
 * connections is a loopback port nothing listens on. {@link #endpoint()} is the URL to give the
 * agent for the current behaviour.
 */
final class LoopbackCollector implements AutoCloseable {

    static final String PATH = "/v1/events";
    /** Where {@link Behaviour#REDIRECT_TO_HTTP} points; nothing should ever be posted there. */
    static final String REDIRECT_PATH = "/moved/events";
    static final long SLOW_ANSWER_MILLIS = 5_000;

    /** How the collector answers. */
    enum Behaviour {
        HEALTHY, REFUSING, BLACK_HOLE, SLOW, ERROR_500, TOO_MANY_REQUESTS_429, TOO_LARGE_413, REDIRECT_TO_HTTP, GARBAGE;

        boolean isHttp() {
            return this != REFUSING && this != BLACK_HOLE && this != GARBAGE;
        }
    }

    /** One request the collector read, in the behaviour it was in when the request arrived. */
    record Request(Behaviour behaviour, String method, String path, Map<String, List<String>> headers,
                   String body, List<JsonNode> events) {

        String header(String name) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                    return entry.getValue().get(0);
                }
            }
            return null;
        }

        List<String> eventIds() {
            return events.stream().map(e -> e.path("eventId").asText()).toList();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] GARBAGE_BYTES =
            "\u0000\u0001\u0002 SSH-2.0-not-http \u00ff\u00fe\r\n\r\n\u0007 this is no HTTP response\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1);

    private final HttpServer http;
    private final ExecutorService httpThreads = Executors.newCachedThreadPool(daemonThreads("collector-http"));
    private final ServerSocket raw;
    private final Thread rawAcceptor;
    private final List<Socket> heldSockets = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Request> answered2xx = new CopyOnWriteArrayList<>();
    /** In {@link Behaviour#TOO_LARGE_413}: requests with more events than this are refused (0: all). */
    private volatile int maxEventsPerRequest;
    /** In {@link Behaviour#TOO_LARGE_413}: a request whose body contains this text is refused, whatever its size. */
    private volatile String refusedText;
    private final List<Behaviour> rawConnections = new CopyOnWriteArrayList<>();
    private final int closedPort = SampleSite.closedPort();
    private volatile Behaviour behaviour = Behaviour.HEALTHY;
    private volatile boolean closed;

    LoopbackCollector() {
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            http = HttpServer.create(new InetSocketAddress(loopback, 0), 50);
            http.createContext("/", this::handle);
            http.setExecutor(httpThreads);
            http.start();
            raw = new ServerSocket(0, 50, loopback);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the loopback collector", e);
        }
        rawAcceptor = new Thread(this::acceptRaw, "collector-raw");
        rawAcceptor.setDaemon(true);
        rawAcceptor.start();
    }

    void behave(Behaviour next) {
        behaviour = next;
    }

    Behaviour behaviour() {
        return behaviour;
    }

    /** {@link Behaviour#TOO_LARGE_413} refuses only requests of more than {@code max} events, or containing {@code text}. */
    void limit413(int max, String text) {
        maxEventsPerRequest = max;
        refusedText = text;
    }

    /** Requests answered with a 2xx status, whatever the behaviour. */
    List<Request> answered2xx() {
        return List.copyOf(answered2xx);
    }

    /** The collector URL for the current behaviour. */
    String endpoint() {
        return endpoint(behaviour);
    }

    String endpoint(Behaviour b) {
        int port = switch (b) {
            case REFUSING -> closedPort;
            case BLACK_HOLE, GARBAGE -> raw.getLocalPort();
            default -> http.getAddress().getPort();
        };
        return "http://127.0.0.1:" + port + PATH;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * The first event of this type the collector received, waiting for it up to a minute (a running
     * JVM sends it); null if none came.
     */
    JsonNode awaitEvent(String eventType) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode event = requests().stream().flatMap(r -> r.events().stream())
                    .filter(e -> e.path("eventType").asText().equals(eventType)).findFirst().orElse(null);
            if (event != null) {
                return event;
            }
            Thread.sleep(100);
        }
        return null;
    }

    List<Request> requests(Behaviour b) {
        return requests.stream().filter(r -> r.behaviour() == b).toList();
    }

    /** Every event id received while in behaviour {@code b}, in arrival order, duplicates kept. */
    List<String> eventIds(Behaviour b) {
        List<String> ids = new ArrayList<>();
        for (Request request : requests(b)) {
            ids.addAll(request.eventIds());
        }
        return ids;
    }

    List<JsonNode> events(Behaviour b) {
        List<JsonNode> events = new ArrayList<>();
        for (Request request : requests(b)) {
            events.addAll(request.events());
        }
        return events;
    }

    /** Connections the raw socket accepted, by the behaviour it was in. */
    List<Behaviour> rawConnections() {
        return List.copyOf(rawConnections);
    }

    void clear() {
        requests.clear();
        answered2xx.clear();
        rawConnections.clear();
    }

    // ------------------------------------------------------------------ HTTP behaviours

    private void handle(HttpExchange exchange) throws IOException {
        Behaviour now = behaviour;
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Request request = record(now, exchange, body);
            requests.add(request);
            switch (now) {
                case HEALTHY -> {
                    answered2xx.add(request);
                    answer(exchange, 200, null, null);
                }
                case SLOW -> {
                    sleep(SLOW_ANSWER_MILLIS);
                    answered2xx.add(request);
                    answer(exchange, 200, null, null);
                }
                case ERROR_500 -> answer(exchange, 500, null, null);
                case TOO_MANY_REQUESTS_429 -> answer(exchange, 429, "Retry-After", "1");
                case TOO_LARGE_413 -> {
                    int max = maxEventsPerRequest;
                    String refused = refusedText;
                    if (max > 0 && request.events().size() <= max && (refused == null || !request.body().contains(refused))) {
                        answered2xx.add(request);
                        answer(exchange, 200, null, null);
                    } else {
                        answer(exchange, 413, null, null);
                    }
                }
                case REDIRECT_TO_HTTP -> answer(exchange, 302, "Location",
                        "http://127.0.0.1:" + http.getAddress().getPort() + REDIRECT_PATH);
                default -> answer(exchange, 200, null, null); // not reachable through endpoint(); be benign
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (an abandoned exit flush): nothing to answer
        }
    }

    private static void answer(HttpExchange exchange, int status, String header, String value) throws IOException {
        if (header != null) {
            exchange.getResponseHeaders().add(header, value);
        }
        byte[] text = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, text.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(text);
        }
    }

    private static Request record(Behaviour behaviour, HttpExchange exchange, byte[] body) {
        Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        String text;
        try {
            text = new String("gzip".equalsIgnoreCase(encoding) ? gunzip(body) : body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "<not gzip: " + e + ">";
        }
        List<JsonNode> events = new ArrayList<>();
        try {
            JsonNode array = JSON.readTree(text);
            if (array != null && array.isArray()) {
                for (JsonNode event : array) {
                    events.add(event);
                }
            }
        } catch (IOException e) {
            // recorded with no events; the test sees the body
        }
        return new Request(behaviour, exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                text, List.copyOf(events));
    }

    static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    // ------------------------------------------------------------------ raw behaviours

    private void acceptRaw() {
        while (!closed) {
            Socket socket;
            try {
                socket = raw.accept();
            } catch (IOException e) {
                return; // closed
            }
            Behaviour now = behaviour;
            rawConnections.add(now);
            if (now == Behaviour.GARBAGE) {
                try (socket) {
                    socket.setSoTimeout(200);
                    try {
                        socket.getInputStream().read(new byte[8192]); // let the request start, then answer nonsense
                    } catch (IOException ignored) {
                        // no request bytes in time: answer anyway
                    }
                    socket.getOutputStream().write(GARBAGE_BYTES);
                    socket.getOutputStream().flush();
                } catch (IOException ignored) {
                    // the client went away
                }
            } else {
                heldSockets.add(socket); // black hole: accepted, never read, never answered, closed at the end
            }
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void close() {
        closed = true;
        http.stop(0);
        httpThreads.shutdownNow();
        try {
            raw.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : heldSockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            httpThreads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
