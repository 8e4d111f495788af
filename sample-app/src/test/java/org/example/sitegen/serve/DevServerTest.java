package org.example.sitegen.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevServerTest {

    @TempDir
    Path root;

    @Test
    void servesFilesWithPrettyUrlsAndRejectsTraversal() throws IOException, InterruptedException {
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(root.resolve("about.html"), "<h1>about</h1>");
        DevServer server = DevServer.start(root, 0);
        try {
            assertThat(server.url()).startsWith("http://127.0.0.1:");
            HttpClient client = HttpClient.newHttpClient();
            assertThat(get(client, server.url()).body()).isEqualTo("<h1>home</h1>");
            HttpResponse<String> about = get(client, server.url() + "about");
            assertThat(about.statusCode()).isEqualTo(200);
            assertThat(about.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(get(client, server.url() + "missing").statusCode()).isEqualTo(404);
            assertThat(get(client, server.url() + "%2e%2e/%2e%2e/etc/passwd").statusCode()).isEqualTo(404);
        } finally {
            server.stop();
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
