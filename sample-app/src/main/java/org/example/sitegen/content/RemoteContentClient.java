package org.example.sitegen.content;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.example.sitegen.markdown.Slugs;

/**
 * Fetches pages from a headless CMS. The endpoint returns either a JSON array of
 * {@code {slug, title, date, tags, body}} objects (optionally wrapped in {@code {"pages": [...]}})
 * or a single Markdown document.
 */
public class RemoteContentClient {

    static final int TIMEOUT_MILLIS = 2_000;

    public List<SourceFile> fetch(String url) throws IOException {
        try {
            return parse(url, download(url));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot fetch remote content from " + url + ": " + reason(e), e);
        }
    }

    private static String download(String url) throws IOException {
        URL endpoint = new URL(url);
        HttpURLConnection connection = (HttpURLConnection) endpoint.openConnection();
        connection.setConnectTimeout(TIMEOUT_MILLIS);
        connection.setReadTimeout(TIMEOUT_MILLIS);
        connection.setRequestProperty("Accept", "application/json, text/markdown;q=0.9");
        connection.setRequestProperty("User-Agent", "sitegen");
        if (endpoint.getUserInfo() != null) {
            String credentials = URLDecoder.decode(endpoint.getUserInfo(), StandardCharsets.UTF_8);
            connection.setRequestProperty("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            int status = connection.getResponseCode();
            if (status / 100 != 2) {
                throw new IOException("HTTP " + status + " " + connection.getResponseMessage());
            }
            try (InputStream in = connection.getInputStream()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String type = connection.getContentType();
                return type != null && type.contains("markdown") ? "md:" + body : body;
            }
        } finally {
            connection.disconnect();
        }
    }

    private static List<SourceFile> parse(String url, String body) {
        if (body.startsWith("md:")) {
            String path = url.replaceFirst("[?#].*$", "");
            String name = path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.md$", "");
            return List.of(new SourceFile(url, Slugs.slugify(name), body.substring(3)));
        }
        Object json = Json.parse(body);
        if (json instanceof Map<?, ?> wrapper && wrapper.get("pages") instanceof List<?> pages) {
            json = pages;
        }
        if (!(json instanceof List<?> entries)) {
            throw new IllegalArgumentException("expected a JSON array of pages");
        }
        List<SourceFile> files = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> page)) {
                throw new IllegalArgumentException("expected page objects in the JSON array");
            }
            files.add(toSource(url, page));
        }
        return files;
    }

    /** Re-creates the front matter text so remote pages go through the same transform as local ones. */
    private static SourceFile toSource(String url, Map<?, ?> page) {
        String title = string(page.get("title"));
        String slug = Slugs.slugify(string(page.get("slug")).isEmpty() ? title : string(page.get("slug")));
        StringBuilder text = new StringBuilder("---\n");
        text.append("title: ").append(oneLine(title)).append('\n');
        if (page.get("date") != null) {
            text.append("date: ").append(oneLine(string(page.get("date")))).append('\n');
        }
        if (page.get("tags") instanceof List<?> tags) {
            text.append("tags: ").append(oneLine(String.join(", ", tags.stream().map(String::valueOf).toList())))
                    .append('\n');
        }
        text.append("---\n").append(string(page.get("body")));
        return new SourceFile(url + "#" + slug, slug, text.toString());
    }

    private static String string(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static String oneLine(String value) {
        return value.replaceAll("\\s+", " ").strip();
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host " + message;
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "timed out after " + TIMEOUT_MILLIS + " ms";
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
