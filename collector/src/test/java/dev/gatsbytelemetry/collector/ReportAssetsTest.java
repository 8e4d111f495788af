package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report page's files, served from the class path with their types, and nothing else. */
class ReportAssetsTest {

    @TempDir
    Path dir;

    private Collector collector;
    private Http http;

    @BeforeEach
    void start() {
        collector = TestCollectors.start(dir.resolve("r.duckdb").toString(), "--read-token", "t");
        http = TestCollectors.client(collector);
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    @Test
    void theRootIsTheReportPageWithoutAToken() {
        HttpResponse<String> page = http.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).containsIgnoringCase("<html");
    }

    @Test
    void assetsAreServedWithTheirContentTypes() {
        HttpResponse<String> js = http.get("/assets/test-probe.js");
        HttpResponse<String> css = http.get("/assets/nested/test-probe.css");

        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(js.body()).contains("window.probe");
        assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
    }

    @Test
    void noListingNoTraversalNoOtherResources() {
        for (String path : new String[] {"/assets/", "/assets/nested", "/assets/nested/", "/assets/../index.html",
                "/assets/%2e%2e/index.html", "/assets/..%2f..%2fschema/event-schema.json", "/assets/missing.js",
                "/assets/test-probe", "/assets/nested/../test-probe.js"}) {
            HttpResponse<String> response = http.get(path);
            // Jetty itself refuses ambiguous encoded paths (400); the rest are not found (404): never a file.
            assertThat(response.statusCode()).as(path + " -> " + response.body()).isIn(400, 404);
        }
    }
}
