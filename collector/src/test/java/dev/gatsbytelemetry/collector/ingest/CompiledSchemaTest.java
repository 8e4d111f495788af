package dev.gatsbytelemetry.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.InputFormat;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.gatsbytelemetry.collector.SampleEvents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The compiled schema gives networknt's verdict, for each schema file the collector ships, on a
 * corpus of agent-shaped valid events of every kind and tens of thousands of mutations of them: every
 * member removed, every value replaced by values of each JSON type and edge numbers, unknown members
 * added at every level, event names swapped, and random combinations of several mutations.
 */
class CompiledSchemaTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Replacement values: every JSON type, integers written as decimals, negatives, near-miss strings. */
    private static final List<JsonNode> VALUES = parse("null", "true", "false", "0", "1", "-1", "2", "1.0", "2.0",
            "1.5", "-0.5", "1e2", "123456789012345678901234567890", "\"\"", "\"x\"", "\"ERROR\"", "\"return\"",
            "\"CLI_ERROR_X\"", "\"CLI_COMMAND_METADATA\"", "\"BUILD_END\"", "\"CLI_COMMAND_BUILD_END\"",
            "\"2026-12-01T10:00Z\"", "\"2026-12-01T10:00:00.5Z\"", "\"2026-12-01 10:00:00Z\"",
            "\"a@1\"", "\"a b@1\"", "\"/tmp/a@1\"", "\"--verbose\"", "\"" + "v".repeat(250) + "\"",
            "\"00000000-0000-4000-8000-000000000000\"", "\"00000000-0000-1000-8000-000000000000\"",
            "\"pwd:" + "0".repeat(64) + "\"", "\"pwd:" + "0".repeat(63) + "\"", "[]", "[\"a@1\"]", "[1]", "{}",
            "{\"count\":1,\"errors\":0}", "{\"x\":1}", many("\"a@1\"", 64), many("\"--v\"", 65), many("\"a@1\"", 100),
            many("\"a@1\"", 101), many("\"a@1\"", 200), many("\"a@1\"", 201));

    /** A JSON array of {@code n} copies of {@code item}: at and past the schemas' maxItems. */
    private static String many(String item, int n) {
        return "[" + String.join(",", java.util.Collections.nCopies(n, item)) + "]";
    }

    private static final List<String> EVENT_TYPES = List.of("CLI_COMMAND_BUILD", "CLI_RAW_COMMAND_BUILD",
            "BUILD_END", "CLI_COMMAND_BUILD_END", "CLI_COMMAND_BUILD_HEARTBEAT", "CLI_COMMAND_METADATA",
            "CLI_ERROR_UNCAUGHT_EXCEPTION", "CLI_ERROR_", "CLI_COMMAND_END", "CLI_COMMAND__END", "cli_command_build",
            "CLI_RAW_COMMAND_", "SOMETHING_ELSE");

    @Test
    void sameVerdictAsNetworkntOnValidAndMutatedEvents() {
        for (String resource : List.of("schema/event-schema.json", "schema/event-schema-v1.json")) {
            String text = read(resource);
            Schema general = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(text, InputFormat.JSON);
            CompiledSchema compiled = CompiledSchema.compile(JSON.readTree(text));
            int version = JSON.readTree(text).path("properties").path("schemaVersion").path("const").asInt();
            List<JsonNode> corpus = corpus(version);
            int valid = 0;
            for (JsonNode event : corpus) {
                boolean expected = general.validate(event, OutputFormat.BOOLEAN);
                assertThat(compiled.valid(event)).as("%s on %s", resource, event).isEqualTo(expected);
                valid += expected ? 1 : 0;
            }
            // The corpus is worth something only if it holds plenty of both verdicts.
            assertThat(valid).as(resource + " valid events").isGreaterThan(1_000);
            assertThat(corpus.size() - valid).as(resource + " invalid events").isGreaterThan(10_000);
        }
    }

    @Test
    void aKeywordItDoesNotCompileIsRefusedNotIgnored() {
        assertThatThrownBy(() -> CompiledSchema.compile(JSON.readTree("{\"type\":\"string\",\"minLength\":2}")))
                .isInstanceOf(CompiledSchema.UnsupportedSchemaException.class).hasMessageContaining("minLength");
        assertThatThrownBy(() -> CompiledSchema.compile(JSON.readTree("{\"properties\":{\"a\":{\"$ref\":\"#\"}}}")))
                .isInstanceOf(CompiledSchema.UnsupportedSchemaException.class);
    }

    @Test
    void theShippedSchemasAreAllCompiled() {
        assertThat(new EventValidator().allCompiled()).isTrue();
    }

    private static List<JsonNode> corpus(int version) {
        List<JsonNode> seeds = new ArrayList<>();
        for (int v : List.of(1, 2)) {
            SampleEvents run = SampleEvents.run("build").version(v);
            seeds.add(JSON.valueToTree(run.start()));
            seeds.add(JSON.valueToTree(run.metadata("md@1.2", "org.example:sass@2")));
            seeds.add(JSON.valueToTree(run.error("java.io.IOException", "render", "beef", v >= 2 ? "p@1" : null)));
            seeds.add(JSON.valueToTree(run.end(1, 10, Map.of("render", new long[] {2, 1, 5}))));
            ObjectNode heartbeat = JSON.valueToTree(run.end(0, 10, Map.of("render", new long[] {2, 0, 5})));
            heartbeat.put("eventType", "CLI_COMMAND_BUILD_HEARTBEAT");
            heartbeat.remove(List.of("exitCode", "exitReason"));
            seeds.add(heartbeat);
        }
        for (JsonNode seed : List.copyOf(seeds)) {
            ObjectNode full = (ObjectNode) seed.deepCopy();
            full.put("schemaVersion", version);
            full.putObject("tags").put("team", "a").put("n", 2).put("ok", true);
            full.putObject("redactions").put("path", 2);
            full.putObject("repositoryData").put("owner", "0".repeat(64));
            if (full.path("eventType").asString().endsWith("_END")) {
                full.putArray("flags").add("--verbose");
                full.put("outcome", "success");
                full.put("suppressedErrors", 0);
                ((ObjectNode) full.path("stages").path("render")).put("sum", 5).put("median", 2.5).put("stdDev", 0.1)
                        .put("sampled", true);
            }
            if (full.has("errorV2")) {
                ((ObjectNode) full.path("errorV2").path("context")).put("reportedBy", "log").putNull("plugin");
            }
            seeds.add(full);
        }
        List<JsonNode> corpus = new ArrayList<>();
        for (JsonNode seed : seeds) {
            ObjectNode own = (ObjectNode) seed.deepCopy();
            own.put("schemaVersion", version);
            corpus.add(own);
            corpus.add(seed);
            for (String type : EVENT_TYPES) {
                ObjectNode renamed = own.deepCopy();
                renamed.put("eventType", type);
                corpus.add(renamed);
            }
            mutations(own, own, corpus);
        }
        Random random = new Random(17);
        List<JsonNode> singles = List.copyOf(corpus);
        for (int i = 0; i < 20_000; i++) {
            ObjectNode event = ((ObjectNode) singles.get(random.nextInt(singles.size()))).deepCopy();
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                mutateOnce(event, random);
            }
            corpus.add(event);
        }
        return corpus;
    }

    /** Each single mutation of {@code node} (a part of {@code root}): removals, replacements, additions. */
    private static void mutations(ObjectNode root, JsonNode node, List<JsonNode> out) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                JsonNode original = object.get(name);
                object.remove(name);
                out.add(root.deepCopy());
                for (JsonNode value : VALUES) {
                    object.set(name, value.deepCopy());
                    out.add(root.deepCopy());
                }
                object.set(name, original);
                mutations(root, original, out);
            }
            object.put("unexpectedMember", 1);
            out.add(root.deepCopy());
            object.remove("unexpectedMember");
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode original = array.get(i);
                for (JsonNode value : VALUES) {
                    array.set(i, value.deepCopy());
                    out.add(root.deepCopy());
                }
                array.set(i, original);
            }
            array.add("extra@1");
            out.add(root.deepCopy());
            array.remove(array.size() - 1);
        }
    }

    /** Replaces, removes or adds one member somewhere in {@code event}. */
    private static void mutateOnce(ObjectNode event, Random random) {
        JsonNode node = event;
        while (random.nextInt(3) > 0) {
            List<JsonNode> children = new ArrayList<>();
            node.forEach(c -> {
                if (c.isContainer()) {
                    children.add(c);
                }
            });
            if (children.isEmpty()) {
                break;
            }
            node = children.get(random.nextInt(children.size()));
        }
        if (node instanceof ObjectNode object && !object.isEmpty()) {
            List<String> names = List.copyOf(object.propertyNames());
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(4)) {
                case 0 -> object.remove(name);
                case 1 -> object.put("eventType", EVENT_TYPES.get(random.nextInt(EVENT_TYPES.size())));
                default -> object.set(name, VALUES.get(random.nextInt(VALUES.size())).deepCopy());
            }
        } else if (node instanceof ArrayNode array && !array.isEmpty()) {
            array.set(random.nextInt(array.size()), VALUES.get(random.nextInt(VALUES.size())).deepCopy());
        } else if (node instanceof ObjectNode object) {
            object.set("m" + random.nextInt(3), VALUES.get(random.nextInt(VALUES.size())).deepCopy());
        }
    }

    private static List<JsonNode> parse(String... json) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String text : json) {
            nodes.add(JSON.readTree(text));
        }
        return List.copyOf(nodes);
    }

    private static String read(String resource) {
        try (InputStream in = CompiledSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
