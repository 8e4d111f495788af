package dev.gatsbytelemetry.agent.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of the config file's content at one moment, addressed by dotted keys such
 * as {@code telemetry.machineId} (meaning {@code {"telemetry": {"machineId": ...}}}).
 */
public final class ConfigSnapshot {

    private final Map<String, Object> root;
    private final boolean exists;

    /** Takes ownership of {@code root} (a JSON tree of maps, lists and scalars); callers must not modify it. */
    ConfigSnapshot(Map<String, Object> root, boolean exists) {
        this.root = root;
        this.exists = exists;
    }

    /** Whether the file existed (an absent file reads as an empty object). */
    public boolean exists() {
        return exists;
    }

    /** The string at {@code dottedKey}; empty when absent or not a JSON string. */
    public Optional<String> getString(String dottedKey) {
        Object node = find(dottedKey);
        return node instanceof String ? Optional.of((String) node) : Optional.empty();
    }

    /**
     * The boolean at {@code dottedKey}; a JSON boolean, or the strings {@code "true"} /
     * {@code "false"} in any case (hand-edited files). Empty when absent or anything else.
     */
    public Optional<Boolean> getBoolean(String dottedKey) {
        Object node = find(dottedKey);
        if (node instanceof Boolean) {
            return Optional.of((Boolean) node);
        }
        if (node instanceof String) {
            String text = ((String) node).trim();
            if (text.equalsIgnoreCase("true")) {
                return Optional.of(Boolean.TRUE);
            }
            if (text.equalsIgnoreCase("false")) {
                return Optional.of(Boolean.FALSE);
            }
        }
        return Optional.empty();
    }

    /** Whether any value (including JSON null) is stored at {@code dottedKey}. */
    public boolean has(String dottedKey) {
        String[] parts = DottedKeys.split(dottedKey);
        if (parts == null) {
            return false;
        }
        Object node = root;
        for (int i = 0; i < parts.length; i++) {
            if (!(node instanceof Map) || !((Map<?, ?>) node).containsKey(parts[i])) {
                return false;
            }
            node = ((Map<?, ?>) node).get(parts[i]);
        }
        return true;
    }

    /** The keys of the object at {@code dottedKey}; empty when it is absent or not an object. */
    public List<String> keysUnder(String dottedKey) {
        Object node = find(dottedKey);
        List<String> keys = new ArrayList<>();
        if (node instanceof Map) {
            for (Object key : ((Map<?, ?>) node).keySet()) {
                keys.add(String.valueOf(key));
            }
        }
        return keys;
    }

    /** A copy of the whole tree, for writers. */
    Map<String, Object> copyOfRoot() {
        return deepCopy(root);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> tree) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : tree.entrySet()) {
            copy.put(entry.getKey(), copyValue(entry.getValue()));
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object value) {
        if (value instanceof Map) {
            return deepCopy((Map<String, Object>) value);
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>();
            for (Object item : (List<Object>) value) {
                copy.add(copyValue(item));
            }
            return copy;
        }
        return value;
    }

    private Object find(String dottedKey) {
        String[] parts = DottedKeys.split(dottedKey);
        if (parts == null) {
            return null;
        }
        Object node = root;
        for (String part : parts) {
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<?, ?>) node).get(part);
        }
        return node;
    }

    @Override
    public String toString() {
        return "ConfigSnapshot" + (exists ? "" : "(absent)") + root;
    }
}
