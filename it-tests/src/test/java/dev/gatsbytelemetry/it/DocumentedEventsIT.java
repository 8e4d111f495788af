package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatsbytelemetry.it.LoopbackCollector.Behaviour;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of docs/events.md and the README against what the sample app really
 * sends now: every field an example shows exists in the real event of that type, a full example (one
 * with its {@code eventId}) shows every field the real event has, each documented stage has exactly
 * the real stage statistics' fields, and the README names the same event types as docs/events.md.
 * An example edited by hand, or left behind by a change of the events, fails here.
 */
class DocumentedEventsIT {

    private static final Path DOCS = Path.of(System.getProperty("docs.dir", "../docs"));
    private static final Path README = Path.of(System.getProperty("readme", "../README.md"));
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern EVENT_NAME = Pattern.compile("`(CLI_[A-Z_<>]+)`");
    /** The stage names the documentation's sample-app examples use. */
    private static final String[] STAGES = {
        SampleSite.LOAD_CONFIG + "=load config", SampleSite.TRANSFORM + "=transform markdown",
        SampleSite.RENDER + "=render pages"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path sandbox;

    @Test
    void everyExampleOfTheSampleAppShowsTheFieldsItsRealEventHas() throws Exception {
        Map<String, JsonNode> real = realEvents();
        List<JsonNode> examples = examples();
        int compared = 0;
        for (JsonNode example : examples) {
            String type = example.path("eventType").asText();
            JsonNode event = real.get(type + exitCodeSuffix(example));
            if (event == null || !sampleAppExample(example)) {
                continue; // another tool's example (toolbox, checkstyle, Maven): not run here
            }
            compared++;
            assertFieldsExist(example, event, type);
            if (example.has("eventId")) {
                assertThat(names(example)).as("a full example of %s shows every field of the real event", type)
                        .isEqualTo(names(event));
                EventSchema.check(example.toString());
            }
            if (example.has("stages")) {
                Iterator<Map.Entry<String, JsonNode>> stages = example.path("stages").fields();
                while (stages.hasNext()) {
                    Map.Entry<String, JsonNode> stage = stages.next();
                    JsonNode realStage = event.path("stages").path(stage.getKey());
                    assertThat(realStage.isObject()).as("%s's stage '%s' in %s", type, stage.getKey(), event).isTrue();
                    assertThat(names(stage.getValue())).as("fields of %s's stage '%s'", type, stage.getKey())
                            .isEqualTo(names(realStage));
                }
            }
        }
        assertThat(compared).as("sample-app examples compared with a real run").isGreaterThanOrEqualTo(7);
        assertThat(real.keySet()).as("every event type the runs sent has an example")
                .allSatisfy(type -> assertThat(examples).anyMatch(e -> type.startsWith(e.path("eventType").asText())));
    }

    @Test
    void theReadmeTableAndDocsEventsNameTheSameEventTypes() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String table = readme.substring(readme.indexOf("| Event | When | Specific fields |"));
        table = table.substring(0, table.indexOf("\n\n"));
        Set<String> inReadme = new TreeSet<>();
        for (String row : table.split("\n")) {
            Matcher first = EVENT_NAME.matcher(row.split("\\|", 3).length > 1 ? row.split("\\|", 3)[1] : "");
            if (first.find()) {
                inReadme.add(first.group(1));
            }
        }
        Set<String> inDocs = new TreeSet<>();
        for (String line : Files.readAllLines(DOCS.resolve("events.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                Matcher names = EVENT_NAME.matcher(line);
                while (names.find()) {
                    inDocs.add(names.group(1));
                }
            }
        }
        assertThat(inReadme).containsExactlyInAnyOrder("CLI_RAW_COMMAND_<COMMAND>", "CLI_COMMAND_METADATA",
                "CLI_COMMAND_<COMMAND>_HEARTBEAT", "CLI_COMMAND_<COMMAND>_END", "CLI_ERROR_<KIND>");
        assertThat(inDocs).containsAll(inReadme);
    }

    /**
     * The sample app's runs the documentation shows: a 5-page {@code build}, a failing one (unclosed
     * front matter), and {@code develop} with heartbeats, by event type (an end event also by its
     * exit code: {@code CLI_COMMAND_BUILD_END#1}).
     */
    private Map<String, JsonNode> realEvents() throws Exception {
        Map<String, JsonNode> byType = new LinkedHashMap<>();
        SampleSite.scaffold(sandbox, "site", 5);
        RunResult build = JvmRun.sampleApp(sandbox, "build", "--dir", "site").withAgent().debug().stages(STAGES).run();
        assertThat(build.exitCode()).as(build.describe()).isZero();
        build.events().forEach(e -> byType.putIfAbsent(key(e), e));

        Path broken = SampleSite.scaffold(sandbox, "broken", 5);
        SampleSite.addUnclosedFrontMatter(broken);
        RunResult failed = JvmRun.sampleApp(sandbox, "build", "--dir", "broken").withAgent().debug().stages(STAGES).run();
        assertThat(failed.exitCode()).as(failed.describe()).isEqualTo(1);
        failed.events().forEach(e -> byType.putIfAbsent(key(e), e));

        try (LoopbackCollector collector = new LoopbackCollector()) {
            JvmRun.Running develop = JvmRun.sampleApp(sandbox, "develop", "--dir", "site", "--port", "0").withAgent()
                    .stages(STAGES)
                    .sendingEveryRunTo(collector.endpoint(Behaviour.HEALTHY))
                    .env("GATSBY_TELEMETRY_HEARTBEAT_SECONDS", "1")
                    .start();
            develop.awaitStdout("http://127.0.0.1:");
            JsonNode heartbeat = collector.awaitEvent("CLI_COMMAND_DEVELOP_HEARTBEAT");
            develop.process().toHandle().destroyForcibly();
            develop.awaitExit();
            assertThat(heartbeat).as("a heartbeat of develop").isNotNull();
            byType.put(key(heartbeat), heartbeat);
        }
        return byType;
    }

    private static String key(JsonNode event) {
        String type = event.path("eventType").asText();
        return type.endsWith("_END") ? type + "#" + event.path("exitCode").asInt() : type;
    }

    private static String exitCodeSuffix(JsonNode example) {
        return example.path("eventType").asText().endsWith("_END") ? "#" + example.path("exitCode").asInt() : "";
    }

    /** The sample app's examples: named {@code sitegen}, or with the common fields elided and a sample-app command. */
    private static boolean sampleAppExample(JsonNode example) {
        if (example.has("componentId")) {
            return example.path("componentId").asText().equals("sitegen");
        }
        String command = example.path("command").asText("build");
        return !example.has("command") || command.equals("build") || command.equals("develop");
    }

    private static void assertFieldsExist(JsonNode example, JsonNode event, String where) {
        Iterator<Map.Entry<String, JsonNode>> fields = example.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("…") || field.getKey().equals("stages")) {
                continue; // an elision mark; stages are keyed by stage name, compared apart
            }
            assertThat(event.has(field.getKey())).as("documented field %s.%s exists in the real event %s",
                    where, field.getKey(), event).isTrue();
            JsonNode value = field.getValue();
            if (value.isObject() && event.get(field.getKey()).isObject()
                    && !field.getKey().equals("redactions") && !field.getKey().equals("repositoryData")) {
                assertFieldsExist(value, event.get(field.getKey()), where + "." + field.getKey());
            }
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        names.remove("…");
        return names;
    }

    /** Every JSON value of every {@code json} block of docs/events.md and the README (a block may hold several). */
    private static List<JsonNode> examples() throws IOException {
        String text = Files.readString(DOCS.resolve("events.md"), StandardCharsets.UTF_8)
                + Files.readString(README, StandardCharsets.UTF_8);
        List<JsonNode> examples = new ArrayList<>();
        Matcher block = JSON_BLOCK.matcher(text);
        while (block.find()) {
            try (JsonParser parser = JSON.getFactory().createParser(block.group(1));
                 MappingIterator<JsonNode> values = JSON.readValues(parser, JsonNode.class)) {
                values.forEachRemaining(examples::add);
            }
        }
        assertThat(examples).as("examples in docs/events.md").hasSizeGreaterThan(5);
        return examples;
    }
}
