package dev.gatsbytelemetry.collector.ingest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A JSON Schema (draft 2020-12) turned, once, into a tree of plain Java checks that answer "is this
 * event valid?" without building messages, paths or annotations: the collector's fast path, read
 * from the schema file itself (docs/event-schema.json), so it can never drift from it.
 *
 * <p>Implementation notes:
 * <ul>
 * <li>Only the keywords the project's schemas use are compiled: {@code type}, {@code properties},
 *     {@code required}, {@code additionalProperties}, {@code items}, {@code maxItems}, {@code pattern},
 *     {@code const}, {@code enum}, {@code minimum}, {@code allOf}, {@code anyOf}, {@code not},
 *     {@code if}/{@code then}/{@code else}, plus annotations ({@code description}, …) that never
 *     decide. Any other keyword makes {@link #compile} throw {@link UnsupportedSchemaException}, and
 *     {@link EventValidator} then keeps the general validator (networknt) for that schema: a new
 *     keyword in the schema file can make ingest slower, never wrong.</li>
 * <li>Each keyword applies only to instances of its own type ({@code properties} to objects,
 *     {@code pattern} to strings, …), as the specification says; {@code pattern} is an unanchored
 *     {@link java.util.regex.Matcher#find()}, as networknt's default (JDK) regular expressions do.</li>
 * <li>{@code integer} accepts any number with no fractional part ({@code 1.0} too), and
 *     {@code const}/{@code enum} compare numbers by value: both as the specification and networknt.</li>
 * <li>Same verdict as networknt on valid and mutated events: {@code CompiledSchemaTest}.</li>
 * </ul>
 */
public final class CompiledSchema {

    /** Keywords that only annotate: they never change a verdict. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description",
            "default", "examples", "deprecated", "readOnly", "writeOnly");

    private final Check root;

    private CompiledSchema(Check root) {
        this.root = root;
    }

    /** @throws UnsupportedSchemaException when the schema uses a keyword this class does not compile */
    public static CompiledSchema compile(JsonNode schema) {
        return new CompiledSchema(check(schema, "#"));
    }

    /** Whether {@code instance} is valid against the schema. */
    public boolean valid(JsonNode instance) {
        return root.test(instance);
    }

    /** One compiled (sub)schema. */
    @FunctionalInterface
    private interface Check {
        boolean test(JsonNode instance);
    }

    private static Check check(JsonNode schema, String at) {
        if (schema.isBoolean()) {
            boolean verdict = schema.booleanValue();
            return instance -> verdict;
        }
        if (!schema.isObject()) {
            throw new UnsupportedSchemaException(at + " is neither a schema object nor a boolean");
        }
        List<Check> checks = new ArrayList<>();
        Map<String, JsonNode> keywords = new HashMap<>();
        for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
            keywords.put(keyword.getKey(), keyword.getValue());
        }
        for (Map.Entry<String, JsonNode> entry : keywords.entrySet()) {
            String keyword = entry.getKey();
            JsonNode value = entry.getValue();
            String here = at + "/" + keyword;
            switch (keyword) {
                case "type" -> checks.add(type(value, here));
                case "properties", "additionalProperties" -> {
                    // compiled together below: additionalProperties depends on properties
                }
                case "required" -> checks.add(required(value, here));
                case "items" -> {
                    Check item = check(value, here);
                    checks.add(instance -> {
                        if (!instance.isArray()) {
                            return true;
                        }
                        for (JsonNode element : instance) {
                            if (!item.test(element)) {
                                return false;
                            }
                        }
                        return true;
                    });
                }
                case "maxItems" -> {
                    int max = nonNegativeInt(value, here);
                    checks.add(instance -> !instance.isArray() || instance.size() <= max);
                }
                case "pattern" -> {
                    if (!value.isString()) {
                        throw new UnsupportedSchemaException(here + " is not a string");
                    }
                    Pattern pattern = Pattern.compile(value.asString());
                    checks.add(instance -> !instance.isString() || pattern.matcher(instance.asString()).find());
                }
                case "const" -> {
                    JsonNode expected = value;
                    checks.add(instance -> same(expected, instance));
                }
                case "enum" -> {
                    if (!value.isArray()) {
                        throw new UnsupportedSchemaException(here + " is not an array");
                    }
                    List<JsonNode> allowed = new ArrayList<>();
                    value.forEach(allowed::add);
                    checks.add(instance -> {
                        for (JsonNode candidate : allowed) {
                            if (same(candidate, instance)) {
                                return true;
                            }
                        }
                        return false;
                    });
                }
                case "minimum" -> {
                    if (!value.isNumber()) {
                        throw new UnsupportedSchemaException(here + " is not a number");
                    }
                    BigDecimal minimum = value.decimalValue();
                    checks.add(instance -> !instance.isNumber() || instance.decimalValue().compareTo(minimum) >= 0);
                }
                case "allOf" -> {
                    List<Check> all = checks(value, here);
                    checks.add(instance -> {
                        for (Check c : all) {
                            if (!c.test(instance)) {
                                return false;
                            }
                        }
                        return true;
                    });
                }
                case "anyOf" -> {
                    List<Check> any = checks(value, here);
                    checks.add(instance -> {
                        for (Check c : any) {
                            if (c.test(instance)) {
                                return true;
                            }
                        }
                        return false;
                    });
                }
                case "not" -> {
                    Check negated = check(value, here);
                    checks.add(instance -> !negated.test(instance));
                }
                case "if" -> {
                    Check condition = check(value, here);
                    Check then = keywords.containsKey("then") ? check(keywords.get("then"), at + "/then") : i -> true;
                    Check otherwise = keywords.containsKey("else") ? check(keywords.get("else"), at + "/else") : i -> true;
                    checks.add(instance -> condition.test(instance) ? then.test(instance) : otherwise.test(instance));
                }
                case "then", "else" -> {
                    // without "if" they do nothing (compiled with "if" above)
                }
                default -> {
                    if (!ANNOTATIONS.contains(keyword)) {
                        throw new UnsupportedSchemaException(here + ": keyword not compiled");
                    }
                }
            }
        }
        if (keywords.containsKey("properties") || keywords.containsKey("additionalProperties")) {
            checks.add(properties(keywords.get("properties"), keywords.get("additionalProperties"), at));
        }
        Check[] all = checks.toArray(Check[]::new);
        return switch (all.length) {
            case 0 -> instance -> true;
            case 1 -> all[0];
            default -> instance -> {
                for (Check c : all) {
                    if (!c.test(instance)) {
                        return false;
                    }
                }
                return true;
            };
        };
    }

    private static List<Check> checks(JsonNode array, String at) {
        if (!array.isArray() || array.isEmpty()) {
            throw new UnsupportedSchemaException(at + " is not a non-empty array");
        }
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            checks.add(check(array.get(i), at + "/" + i));
        }
        return checks;
    }

    private static Check properties(JsonNode properties, JsonNode additional, String at) {
        Map<String, Check> named = new HashMap<>();
        if (properties != null) {
            if (!properties.isObject()) {
                throw new UnsupportedSchemaException(at + "/properties is not an object");
            }
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                named.put(property.getKey(), check(property.getValue(), at + "/properties/" + property.getKey()));
            }
        }
        Check other = additional == null ? null : check(additional, at + "/additionalProperties");
        return instance -> {
            if (!instance.isObject()) {
                return true;
            }
            for (Map.Entry<String, JsonNode> member : instance.properties()) {
                Check c = named.get(member.getKey());
                if (c == null) {
                    c = other;
                }
                if (c != null && !c.test(member.getValue())) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Check required(JsonNode names, String at) {
        if (!names.isArray()) {
            throw new UnsupportedSchemaException(at + " is not an array");
        }
        String[] required = new String[names.size()];
        for (int i = 0; i < required.length; i++) {
            if (!names.get(i).isString()) {
                throw new UnsupportedSchemaException(at + "/" + i + " is not a string");
            }
            required[i] = names.get(i).asString();
        }
        return instance -> {
            if (!instance.isObject()) {
                return true;
            }
            for (String name : required) {
                if (!instance.has(name)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Check type(JsonNode value, String at) {
        List<String> names = new ArrayList<>();
        if (value.isString()) {
            names.add(value.asString());
        } else if (value.isArray()) {
            value.forEach(n -> names.add(n.asString()));
        } else {
            throw new UnsupportedSchemaException(at + " is neither a string nor an array");
        }
        List<Check> any = new ArrayList<>();
        for (String name : names) {
            any.add(switch (name) {
                case "object" -> JsonNode::isObject;
                case "array" -> JsonNode::isArray;
                case "string" -> JsonNode::isString;
                case "boolean" -> JsonNode::isBoolean;
                case "null" -> JsonNode::isNull;
                case "number" -> JsonNode::isNumber;
                case "integer" -> CompiledSchema::integer;
                default -> throw new UnsupportedSchemaException(at + ": unknown type " + name);
            });
        }
        if (any.size() == 1) {
            return any.get(0);
        }
        Check[] options = any.toArray(Check[]::new);
        return instance -> {
            for (Check c : options) {
                if (c.test(instance)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** An integral number: {@code 3}, and also {@code 3.0} (draft 2020-12 counts by value, not by form). */
    private static boolean integer(JsonNode instance) {
        if (instance.isIntegralNumber()) {
            return true;
        }
        if (!instance.isNumber()) {
            return false;
        }
        if (instance.isDouble() || instance.isFloat()) {
            double d = instance.doubleValue();
            return !Double.isInfinite(d) && d == Math.rint(d);
        }
        BigDecimal decimal = instance.decimalValue();
        return decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0;
    }

    /** JSON equality, with numbers compared by value ({@code 2} equals {@code 2.0}). */
    private static boolean same(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (expected.isObject() || expected.isArray()) {
            if (expected.isObject() != actual.isObject() || expected.isArray() != actual.isArray()
                    || expected.size() != actual.size()) {
                return false;
            }
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    if (!same(expected.get(i), actual.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            for (Map.Entry<String, JsonNode> member : expected.properties()) {
                JsonNode other = actual.get(member.getKey());
                if (other == null || !same(member.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual);
    }

    private static int nonNegativeInt(JsonNode value, String at) {
        if (!value.isIntegralNumber() || value.intValue() < 0) {
            throw new UnsupportedSchemaException(at + " is not a non-negative integer");
        }
        return value.intValue();
    }

    /** The schema uses something {@link CompiledSchema} does not compile; use a general validator. */
    public static final class UnsupportedSchemaException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnsupportedSchemaException(String message) {
            super(message);
        }
    }
}
