package dev.gatsbytelemetry.collector.ingest;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks one event against the project's schema, {@code docs/event-schema.json}, which the build
 * copies onto the class path as {@code schema/event-schema.json}, and against the frozen earlier
 * versions published beside it ({@code docs/event-schema-v1.json}, …), so events from agents of
 * every released schema version are accepted.
 *
 * <p>Which version an event claims ({@code schemaVersion}) picks the schema; the versions a file
 * covers are read from the file itself ({@code schemaVersion}'s {@code const} or {@code enum}).
 * Nothing here names a version: accepting a new one means changing the schema files only.
 */
public final class EventValidator {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(EventValidator.class.getName());

    /** Class path location of the current schema, copied from docs/ at build time. */
    public static final String SCHEMA_RESOURCE = "schema/event-schema.json";
    /** Frozen earlier versions: {@code schema/event-schema-v<N>.json}, probed from 1 upwards. */
    static final String FROZEN_RESOURCE = "schema/event-schema-v%d.json";
    private static final int HIGHEST_FROZEN_VERSION_PROBED = 20;

    private final SortedMap<Integer, VersionedSchema> byVersion = new TreeMap<>();
    private final VersionedSchema current;

    public EventValidator() {
        String currentJson = read(SCHEMA_RESOURCE).orElseThrow(
                () -> new IllegalStateException(SCHEMA_RESOURCE + " is missing from the class path"));
        for (int version = 1; version <= HIGHEST_FROZEN_VERSION_PROBED; version++) {
            Optional<String> frozen = read(String.format(FROZEN_RESOURCE, version));
            if (frozen.isPresent()) {
                VersionedSchema schema = load(frozen.get());
                for (int covered : versionsOf(frozen.get())) {
                    byVersion.put(covered, schema);
                }
            }
        }
        current = load(currentJson);
        // The current schema wins for the versions it declares.
        for (int covered : versionsOf(currentJson)) {
            byVersion.put(covered, current);
        }
    }

    /** The schema versions accepted, lowest first. */
    public List<Integer> versions() {
        return List.copyOf(byVersion.keySet());
    }

    /** The violations of {@code event}, empty when it is a valid event of a version accepted. */
    public List<String> violations(JsonNode event) {
        JsonNode version = event.path("schemaVersion");
        VersionedSchema schema = version.isIntegralNumber() ? byVersion.getOrDefault(version.intValue(), current) : current;
        // Most events are valid: the compiled schema says so in ~6 µs (networknt's boolean pass took ~20,
        // the largest part of decoding). A failing event is walked again by networknt to say why,
        // and networknt's verdict is the one kept, so a reason is never made up.
        if (schema.compiled() != null ? schema.compiled().valid(event) : schema.general().validate(event, OutputFormat.BOOLEAN)) {
            return List.of();
        }
        List<Error> errors = schema.general().validate(event);
        return errors.stream().map(Error::toString).toList();
    }

    /** Whether every schema is checked by its {@link CompiledSchema} (none needed networknt's general walk). */
    public boolean allCompiled() {
        return byVersion.values().stream().allMatch(s -> s.compiled() != null);
    }

    /** A registry of its own per file: two versions never share cached sub-schemas by {@code $id}. */
    private static VersionedSchema load(String schemaJson) {
        Schema general = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(schemaJson, InputFormat.JSON);
        CompiledSchema compiled;
        try {
            compiled = CompiledSchema.compile(JsonMapper.builder().build().readTree(schemaJson));
        } catch (CompiledSchema.UnsupportedSchemaException | java.util.regex.PatternSyntaxException e) {
            LOG.warning("event schema not compiled (" + e.getMessage() + "): validating with the general validator");
            compiled = null;
        }
        return new VersionedSchema(general, compiled);
    }

    /** One schema file: networknt's validator (messages, and the verdict if it could not be compiled) and the compiled one. */
    private record VersionedSchema(Schema general, CompiledSchema compiled) {
    }

    private static List<Integer> versionsOf(String schemaJson) {
        JsonNode property = JsonMapper.builder().build().readTree(schemaJson).path("properties").path("schemaVersion");
        if (property.path("const").isIntegralNumber()) {
            return List.of(property.path("const").intValue());
        }
        List<Integer> versions = new java.util.ArrayList<>();
        for (JsonNode value : property.path("enum")) {
            if (value.isIntegralNumber()) {
                versions.add(value.intValue());
            }
        }
        return Collections.unmodifiableList(versions);
    }

    private static Optional<String> read(String resource) {
        try (InputStream in = EventValidator.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
