package dev.gatsbytelemetry.it;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The published event schema, {@code docs/event-schema.json}. Every event any integration test
 * parses goes through {@link #check}, so no test can pass on an event that analysts could not trust.
 */
final class EventSchema {

    private static final Schema SCHEMA = load();

    private EventSchema() {
    }

    /** @throws AssertionError naming each violation, when {@code json} is not a valid event */
    static void check(String json) {
        List<?> errors = SCHEMA.validate(json, InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw new AssertionError("event violates docs/event-schema.json: " + errors + "\n" + json);
        }
    }

    private static Schema load() {
        Path schema = Path.of(System.getProperty("event.schema", "../docs/event-schema.json"));
        try {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(Files.readString(schema), InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event schema " + schema.toAbsolutePath(), e);
        }
    }
}
