package dev.gatsbytelemetry.collector.ingest;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Checks one event against the project's one schema, {@code docs/event-schema.json}, which the
 * build copies onto the class path as {@code schema/event-schema.json}. Which schema versions are
 * accepted is the schema file's business alone: nothing here names a version.
 */
public final class EventValidator {

    /** Class path location of the schema copied from docs/ at build time. */
    public static final String SCHEMA_RESOURCE = "schema/event-schema.json";

    private final Schema schema;

    public EventValidator() {
        this(readSchema());
    }

    EventValidator(String schemaJson) {
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(schemaJson, InputFormat.JSON);
    }

    /** The violations of {@code event}, empty when it is a valid event. */
    public List<String> violations(JsonNode event) {
        List<Error> errors = schema.validate(event);
        return errors.stream().map(Error::toString).toList();
    }

    private static String readSchema() {
        try (InputStream in = EventValidator.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
