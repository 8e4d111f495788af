import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * bin/demo's closing summary: what the collector at args[0] now answers, read from its JSON API
 * (the same numbers the report page shows). Run as a single source file with the collector jar on
 * the class path, for its Jackson: {@code java -cp gatsby-telemetry-collector.jar bin/DemoSummary.java URL}.
 */
public class DemoSummary {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String base = args[0].endsWith("/") ? args[0] : args[0] + "/";

        System.out.println("Commands (runs, failed, p50 duration):");
        for (JsonNode c : get(base, "commands")) {
            System.out.printf("  %-10s %3d runs  %2d failed  p50 %s ms%n", c.path("command").asString(),
                    c.path("runs").asInt(), c.path("failures").asInt(), ms(c.path("durationP50")));
        }
        System.out.println("Slowest stages (p50 / p90 per run):");
        JsonNode stages = get(base, "stages");
        java.util.List<JsonNode> sorted = new java.util.ArrayList<>();
        stages.forEach(sorted::add);
        sorted.sort((a, b) -> Double.compare(b.path("p50").asDouble(), a.path("p50").asDouble()));
        sorted.stream().limit(5).forEach(s -> System.out.printf("  %-10s %-20s %8s / %s ms%n",
                s.path("command").asString(), s.path("stage").asString(), ms(s.path("p50")), ms(s.path("p90"))));
        System.out.println("Errors (count, exception, stage, plugin):");
        JsonNode errors = get(base, "errors");
        int shown = 0;
        for (JsonNode e : errors) {
            if (shown++ == 5) {
                System.out.printf("  … %d more%n", errors.size() - 5);
                break;
            }
            System.out.printf("  %3d  %s in %s%s%n", e.path("count").asInt(), e.path("exceptionType").asString("?"),
                    e.path("stage").isNull() ? "no stage" : "'" + e.path("stage").asString() + "'",
                    e.path("plugin").isNull() || e.path("plugin").isMissingNode() ? "" : " (plugin " + e.path("plugin").asString() + ")");
        }
        System.out.println("Plugins (runs, error rate):");
        for (JsonNode p : get(base, "plugins")) {
            System.out.printf("  %-38s %3d runs  %5.1f %% with an error%n", p.path("plugin").asString(),
                    p.path("runs").asInt(), p.path("errorRate").asDouble() * 100);
        }
        JsonNode pairs = get(base, "plugins/pairs");
        if (pairs.size() > 0) {
            JsonNode top = pairs.get(0);
            System.out.printf("Used together most: %s + %s (%d runs)%n", top.path("a").asString(), top.path("b").asString(),
                    top.path("runs").asInt());
        }
    }

    private static String ms(JsonNode value) {
        if (!value.isNumber()) {
            return "-";
        }
        double v = value.asDouble();
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.1f", v);
    }

    private static JsonNode get(String base, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/v1/" + path))
                .timeout(Duration.ofSeconds(20)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/" + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
