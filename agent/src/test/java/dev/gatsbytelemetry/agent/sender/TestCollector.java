package dev.gatsbytelemetry.agent.sender;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** A real HTTP collector on loopback that records every request and answers as told. */
final class TestCollector implements AutoCloseable {

    /** What the collector answers: status and extra headers. */
    record Answer(int status, Map<String, String> headers, long delayMillis) {
        static Answer status(int status) {
            return new Answer(status, Map.of(), 0);
        }
    }

    /** One recorded request. */
    record Request(String method, Map<String, String> headers, String body) { }

    private static final Pattern EVENT_ID = Pattern.compile("\"eventId\":\"([^\"]+)\"");

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Answer> behaviour = request -> Answer.status(200);

    TestCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "test-collector");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    TestCollector answering(Function<Request, Answer> answer) {
        this.behaviour = answer;
        return this;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/events");
    }

    List<Request> requests() {
        return requests;
    }

    /** Event ids from the bodies of requests answered 2xx, in arrival order, duplicates kept. */
    List<String> deliveredEventIds() {
        List<String> ids = new ArrayList<>();
        for (Request request : requests) {
            if (request.headers().containsKey("x-test-answer-2xx")) {
                ids.addAll(eventIds(request.body()));
            }
        }
        return ids;
    }

    static List<String> eventIds(String body) {
        List<String> ids = new ArrayList<>();
        Matcher m = EVENT_ID.matcher(body);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            String body;
            if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } else {
                body = new String(raw, StandardCharsets.UTF_8);
            }
            Request request = new Request(exchange.getRequestMethod(), headers, body);
            Answer answer = behaviour.apply(request);
            if (answer.status() >= 200 && answer.status() < 300) {
                headers.put("x-test-answer-2xx", "true");
            }
            requests.add(request);
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] reply = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    static List<String> sorted(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        Collections.sort(copy);
        return copy;
    }
}
