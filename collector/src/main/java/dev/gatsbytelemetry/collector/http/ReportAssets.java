package dev.gatsbytelemetry.collector.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Serves the report page from the class path: {@code GET /} is {@code report/index.html}, and
 * {@code GET /assets/<path>} is {@code report/assets/<path>}. Only files with a known extension
 * are served, with their content type; no directory listing, no {@code ..}, nothing outside
 * {@code report/}.
 */
final class ReportAssets {

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    /** Path segments of letters, digits, dot, dash and underscore; no segment of dots only. */
    private static final Pattern SAFE_PATH = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");

    void index(Context ctx) throws IOException {
        serve(ctx, "report/index.html");
    }

    void asset(Context ctx) throws IOException {
        String path = ctx.pathParam("path");
        if (!SAFE_PATH.matcher(path).matches() || path.contains("..")) {
            ctx.status(404).result("not found");
            return;
        }
        serve(ctx, "report/assets/" + path);
    }

    private void serve(Context ctx, String resource) throws IOException {
        Optional<String> type = contentType(resource);
        URL url = ReportAssets.class.getClassLoader().getResource(resource);
        if (type.isEmpty() || url == null || isDirectory(url)) {
            ctx.status(404).result("not found");
            return;
        }
        try (InputStream in = url.openStream()) {
            ctx.status(200).contentType(type.get()).header("Cache-Control", "no-cache")
                    .header("X-Content-Type-Options", "nosniff").result(in.readAllBytes());
        }
    }

    private static boolean isDirectory(URL url) {
        if (!"file".equals(url.getProtocol())) {
            // In the jar, directory entries end with '/', which SAFE_PATH never produces.
            return false;
        }
        try {
            return !Files.isRegularFile(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            return true;
        }
    }

    private static Optional<String> contentType(String resource) {
        int dot = resource.lastIndexOf('.');
        return dot < 0 ? Optional.empty()
                : Optional.ofNullable(CONTENT_TYPES.get(resource.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }
}
