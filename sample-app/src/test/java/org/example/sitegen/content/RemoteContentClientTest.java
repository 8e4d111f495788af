package org.example.sitegen.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteContentClientTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(String contentType, String body, AtomicReference<String> authorization) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return "http://editor:pw@127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void turnsJsonPagesIntoSourceFilesWithFrontMatter() throws IOException {
        AtomicReference<String> auth = new AtomicReference<>();
        String base = serve("application/json", """
                {"pages": [{"slug": "From CMS", "title": "Hello \\"CMS\\"", "date": "2024-05-01",
                            "tags": ["news", "cms"], "body": "Body with **markup**\\n"}]}""", auth);

        List<SourceFile> pages = new RemoteContentClient().fetch(base + "/api/pages");

        assertThat(pages).singleElement().satisfies(page -> {
            assertThat(page.slug()).isEqualTo("from-cms");
            assertThat(page.text()).isEqualTo("---\ntitle: Hello \"CMS\"\ndate: 2024-05-01\ntags: news, cms\n---\n"
                    + "Body with **markup**\n");
        });
        assertThat(auth.get()).isEqualTo("Basic ZWRpdG9yOnB3");
    }

    @Test
    void acceptsASingleMarkdownDocument() throws IOException {
        String base = serve("text/markdown; charset=utf-8", "# Changelog\n", new AtomicReference<>());
        assertThat(new RemoteContentClient().fetch(base + "/docs/changelog.md?v=2"))
                .singleElement().satisfies(page -> assertThat(page.slug()).isEqualTo("changelog"));
    }

    @Test
    void failureMessageNamesTheUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://editor:tok@127.0.0.1:" + closedPort + "/api/pages?token=tok";
        assertThatThrownBy(() -> new RemoteContentClient().fetch(url))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot fetch remote content from " + url + ": ");
    }

    @Test
    void invalidJsonIsReportedWithTheUrl() throws IOException {
        String base = serve("application/json", "[{\"title\": }]", new AtomicReference<>());
        assertThatThrownBy(() -> new RemoteContentClient().fetch(base + "/api"))
                .hasMessageContaining("cannot fetch remote content from " + base + "/api: invalid JSON at offset");
    }
}
