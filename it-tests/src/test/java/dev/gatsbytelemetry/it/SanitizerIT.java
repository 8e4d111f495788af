package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.SampleSite.ALL_STAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatsbytelemetry.it.LoopbackCollector.Behaviour;
import dev.gatsbytelemetry.it.LoopbackCollector.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sample app's real failure paths put personal paths and a secret into exception messages; no
 * such value may leave the machine, neither in the events debug mode prints nor in the bodies the
 * agent POSTs, while what a maintainer needs (exception type, failing stage, how much was redacted)
 * survives.
 *
 * <p>Every personal value is distinctive, so finding it anywhere (case-insensitively) is a leak:
 * {@code HOME} is {@code <tmp>/home/zelda-q}, the working directory is the site inside it
 * ({@code projects/moonlit-orchard-site}), the user is {@code zeldaq} ({@code USER} and
 * {@code -Duser.name}), and {@code CMS_TOKEN} is expanded by the app into the remote URL's user-info
 * and query.
 */
class SanitizerIT {

    private static final String HOME_NAME = "zelda-q";
    private static final String USER = "zeldaq";
    private static final String SITE_NAME = "moonlit-orchard-site";
    private static final String TOKEN = "tok-9f8e7d6c5b4a";
    private static final String ERROR_EVENT = "CLI_ERROR_UNCAUGHT_EXCEPTION";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two failure paths whose messages carry personal values. */
    enum Failure {
        UNCLOSED_FRONT_MATTER("org.example.sitegen.markdown.FrontMatterException", SampleSite.TRANSFORM_NAME,
                "front matter opened with '---' is never closed"),
        REMOTE_SOURCE_WITH_TOKEN("java.io.IOException", SampleSite.SOURCE_CONTENT_NAME,
                "cannot fetch remote content from ");

        final String type;
        final String stage;
        final String messageText;

        Failure(String type, String stage, String messageText) {
            this.type = type;
            this.stage = stage;
            this.messageText = messageText;
        }
    }

    @TempDir
    Path sandbox;

    private Path home;
    private Path site;

    @BeforeEach
    void createSiteInsideHome() throws IOException {
        home = sandbox.resolve("home").resolve(HOME_NAME);
        Path projects = Files.createDirectories(home.resolve("projects"));
        site = SampleSite.scaffold(projects, SITE_NAME, 3).toAbsolutePath().normalize();
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void debugModeEventsCarryNoPersonalValueButKeepTypeStageAndRedactionCounts(Failure failure) {
        RunResult run = build(failure).debug().run();

        assertAppShowedTheSecrets(run, failure);
        List<String> texts = run.stderrLines().stream()
                .filter(line -> line.contains(RunResult.EVENT_PREFIX))
                .map(line -> line.substring(line.indexOf(RunResult.EVENT_PREFIX) + RunResult.EVENT_PREFIX.length()))
                .toList();
        assertNoPersonalValue(texts, "debug-mode events");
        assertUsefulErrorEvent(run.event(ERROR_EVENT), failure);
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void postedBodiesCarryNoPersonalValueButKeepTypeStageAndRedactionCounts(Failure failure) {
        RunResult run;
        List<Request> requests;
        try (LoopbackCollector collector = new LoopbackCollector()) {
            // debug off: events are sent, not printed
            // a generous exit budget: this test is about what the bodies hold, not about how fast they leave
            run = build(failure).env("GATSBY_TELEMETRY_API", collector.endpoint(Behaviour.HEALTHY))
                    .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "5000").run();
            requests = collector.requests(Behaviour.HEALTHY);
        }

        assertAppShowedTheSecrets(run, failure);
        assertThat(requests).as("POSTs to the collector%n%s", run.describe()).isNotEmpty();
        assertNoPersonalValue(requests.stream().map(Request::body).toList(), "POSTed bodies");
        List<JsonNode> errors = new ArrayList<>();
        for (Request request : requests) {
            for (JsonNode event : request.events()) {
                EventSchema.check(event.toString());
                if (ERROR_EVENT.equals(event.path("eventType").asText())) {
                    errors.add(event);
                }
            }
        }
        assertThat(errors).as("error events posted%n%s", run.describe()).hasSize(1);
        assertUsefulErrorEvent(errors.get(0), failure);
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void withErrorMessagesOffTheErrorTextIsJustTheType(Failure failure) {
        RunResult run = build(failure).debug().env("GATSBY_TELEMETRY_ERROR_MESSAGES", "0").run();

        assertAppShowedTheSecrets(run, failure);
        List<String> texts = run.stderrLines().stream()
                .filter(line -> line.contains(RunResult.EVENT_PREFIX))
                .map(line -> line.substring(line.indexOf(RunResult.EVENT_PREFIX) + RunResult.EVENT_PREFIX.length()))
                .toList();
        assertNoPersonalValue(texts, "debug-mode events with GATSBY_TELEMETRY_ERROR_MESSAGES=0");
        JsonNode error = run.event(ERROR_EVENT);
        assertThat(error.path("exceptionType").asText()).isEqualTo(failure.type);
        assertThat(error.path("stage").asText()).isEqualTo(failure.stage);
        JsonNode errorV2 = error.path("errorV2");
        assertThat(errorV2.path("type").asText()).isEqualTo(failure.type);
        assertThat(errorV2.path("text").asText()).as("errorV2.text in %s", error).isEqualTo(failure.type);
        assertThat(errorV2.path("stack").asText()).as("errorV2.stack in %s", error)
                .doesNotContain(failure.messageText)
                .contains("\tat ");
    }

    // ------------------------------------------------------------------ helpers

    private JvmRun build(Failure failure) {
        if (failure == Failure.UNCLOSED_FRONT_MATTER) {
            SampleSite.addUnclosedFrontMatter(site);
        } else {
            append(site.resolve("site.properties"), "\nremote.url=http://editor:${CMS_TOKEN}@127.0.0.1:"
                    + SampleSite.closedPort() + "/api/pages?token=${CMS_TOKEN}\n");
        }
        // `build` with no --dir builds the working directory: the site inside HOME
        return JvmRun.sampleApp(sandbox, "build")
                .workDir(site)
                .withAgent().stages(ALL_STAGES)
                .jvmOption("-Duser.name=" + USER)
                .env("HOME", home.toString())
                .env("XDG_CONFIG_HOME", home.resolve(".config").toString())
                .env("USER", USER)
                .env("CMS_TOKEN", TOKEN);
    }

    /** The values that must not leave the machine, in every spelling the app could have produced. */
    private Set<String> personalValues() {
        Set<String> values = new LinkedHashSet<>();
        values.add(home.toString());
        values.add(site.toString());
        try {
            values.add(home.toRealPath().toString());
            values.add(site.toRealPath().toString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        values.add(SITE_NAME);
        values.add(HOME_NAME);
        values.add(USER);
        values.add(TOKEN);
        values.add(Base64.getEncoder().encodeToString(("editor:" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        return values;
    }

    /**
     * No personal value in any of the texts: neither in the raw JSON (which may escape {@code /}),
     * nor in any string or field name once parsed, compared case-insensitively.
     */
    private void assertNoPersonalValue(List<String> texts, String what) {
        assertThat(texts).as(what).isNotEmpty();
        for (String text : texts) {
            List<String> spellings = new ArrayList<>();
            spellings.add(text);
            try {
                collectStrings(JSON.readTree(text), spellings);
            } catch (IOException e) {
                throw new AssertionError(what + " is not JSON: " + text, e);
            }
            for (String spelling : spellings) {
                String lower = spelling.toLowerCase(Locale.ROOT);
                for (String value : personalValues()) {
                    assertThat(lower).as("'%s' leaked into %s:%n%s", value, what, text)
                            .doesNotContain(value.toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    private static void collectStrings(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.add(field.getKey());
                collectStrings(field.getValue(), out);
            }
            if (node.isArray()) {
                node.forEach(element -> collectStrings(element, out));
            }
        }
    }

    /** The app's own stderr names the secret values: the test's premise that there is something to hide. */
    private void assertAppShowedTheSecrets(RunResult run, Failure failure) {
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.stderr()).contains(failure.type + ": ").contains(failure.messageText);
        if (failure == Failure.UNCLOSED_FRONT_MATTER) {
            assertThat(run.stderr()).as("the app's message names the file").contains(site.toString());
        } else {
            assertThat(run.stderr()).as("the app's message names the token").contains(TOKEN);
        }
    }

    private static void assertUsefulErrorEvent(JsonNode error, Failure failure) {
        assertThat(error.path("exceptionType").asText()).as("exceptionType in %s", error).isEqualTo(failure.type);
        assertThat(error.path("stage").asText()).as("stage in %s", error).isEqualTo(failure.stage);
        JsonNode errorV2 = error.path("errorV2");
        assertThat(errorV2.path("type").asText()).isEqualTo(failure.type);
        assertThat(errorV2.path("text").asText()).as("errorV2.text keeps type and message in %s", error)
                .startsWith(failure.type).contains(failure.messageText);
        assertThat(errorV2.path("context").path("stage").asText()).isEqualTo(failure.stage);
        JsonNode redactions = error.path("redactions");
        assertThat(redactions.isObject() && redactions.size() > 0).as("redactions in %s", error).isTrue();
        redactions.fields().forEachRemaining(count -> assertThat(count.getValue().isIntegralNumber()
                && count.getValue().asLong() > 0).as("redaction count %s in %s", count, error).isTrue());
        System.out.printf("[sanitizer] %s: text=%s redactions=%s%n", failure, errorV2.path("text").asText(), redactions);
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
