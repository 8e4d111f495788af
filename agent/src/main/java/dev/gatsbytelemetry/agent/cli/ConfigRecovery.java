package dev.gatsbytelemetry.agent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Salvages the settings of a config file that is not valid JSON, before {@code telemetry --enable}
 * or {@code --disable} moves it aside and writes a fresh one, so other tools' keys survive the
 * repair where possible.
 *
 * <p>The two usual ways such a file breaks are a hand edit (a comment, a trailing comma, single
 * quotes) and a truncated write. So the file is read leniently, token by token, and every complete
 * {@code key: scalar} seen before the first unreadable token is kept, as a dotted key
 * ({@code {"a": {"b": 1}}} gives {@code a.b = 1}). Arrays, nulls and keys containing a dot cannot be
 * expressed as dotted-key updates and are left out; the moved-aside copy still has everything.
 */
final class ConfigRecovery {

    private static final long MAX_BYTES = 1024 * 1024;

    private static final JsonFactory LENIENT = new JsonFactoryBuilder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_YAML_COMMENTS)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    private ConfigRecovery() {
    }

    /** Dotted key → String, Boolean or Number, in file order; empty when nothing can be salvaged. Never throws. */
    static Map<String, Object> salvage(Path file) {
        Map<String, Object> found = new LinkedHashMap<>();
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return found;
            }
            byte[] bytes = Files.readAllBytes(file);
            try (JsonParser parser = LENIENT.createParser(bytes)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return found;
                }
                Deque<String> path = new ArrayDeque<>(); // keys of the enclosing objects; null marks an unusable one
                String field = null;
                JsonToken token;
                while ((token = parser.nextToken()) != null) {
                    switch (token) {
                        case FIELD_NAME:
                            field = parser.currentName();
                            break;
                        case START_OBJECT:
                            path.addLast(usable(field) ? field : "");
                            break;
                        case END_OBJECT:
                            if (path.isEmpty()) {
                                return found; // the root object is complete
                            }
                            path.removeLast();
                            break;
                        case START_ARRAY:
                            parser.skipChildren();
                            break;
                        case VALUE_STRING:
                            put(found, path, field, parser.getText());
                            break;
                        case VALUE_TRUE:
                        case VALUE_FALSE:
                            put(found, path, field, parser.getBooleanValue());
                            break;
                        case VALUE_NUMBER_INT:
                        case VALUE_NUMBER_FLOAT:
                            put(found, path, field, parser.getNumberValue());
                            break;
                        default:
                            break; // null and embedded values: not expressible as an update
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the first unreadable token: keep what came before it
        }
        return found;
    }

    private static void put(Map<String, Object> found, Deque<String> path, String field, Object value) {
        if (!usable(field) || path.contains("")) {
            return;
        }
        StringBuilder key = new StringBuilder();
        for (String part : path) {
            key.append(part).append('.');
        }
        found.put(key.append(field).toString(), value);
    }

    private static boolean usable(String key) {
        return key != null && !key.isEmpty() && key.indexOf('.') < 0;
    }
}
