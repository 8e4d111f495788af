package org.example.sitegen.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** Serves files from the output directory; {@code /} maps to index.html and {@code /about} to about.html. */
final class StaticFileHandler implements HttpHandler {

    private final Path root;

    StaticFileHandler(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Path file = resolve(exchange.getRequestURI());
            if (file == null) {
                send(exchange, 404, "text/html; charset=utf-8",
                        "<!DOCTYPE html><title>Not found</title><h1>404 — page not found</h1>\n"
                                .getBytes(StandardCharsets.UTF_8));
                return;
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            send(exchange, 200, ContentTypes.of(file.getFileName().toString()), Files.readAllBytes(file));
        }
    }

    private Path resolve(URI uri) {
        String path = uri.getPath() == null ? "/" : uri.getPath();
        if (path.endsWith("/")) {
            path += "index.html";
        }
        Path candidate = root.resolve(path.substring(1)).normalize();
        if (!candidate.startsWith(root)) {
            return null; // "/../" tricks
        }
        if (Files.isRegularFile(candidate)) {
            return candidate;
        }
        Path html = candidate.resolveSibling(candidate.getFileName() + ".html");
        return Files.isRegularFile(html) ? html : null;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
