package dev.gatsbytelemetry.agent.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * An immutable view of the config file's content at one moment, addressed by dotted keys such
 * as {@code telemetry.machineId} (meaning {@code {"telemetry": {"machineId": ...}}}).
 */
public final class ConfigSnapshot {

    private final ObjectNode root;
    private final boolean exists;

    /** Takes ownership of {@code root}; callers must not modify it afterwards. */
    ConfigSnapshot(ObjectNode root, boolean exists) {
        this.root = root;
        this.exists = exists;
    }

    /** Whether the file existed (an absent file reads as an empty object). */
    public boolean exists() {
        return exists;
    }

    /** The string at {@code dottedKey}; empty when absent or not a JSON string. */
    public Optional<String> getString(String dottedKey) {
        JsonNode node = find(dottedKey);
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    /**
     * The boolean at {@code dottedKey}; a JSON boolean, or the strings {@code "true"} /
     * {@code "false"} in any case (hand-edited files). Empty when absent or anything else.
     */
    public Optional<Boolean> getBoolean(String dottedKey) {
        JsonNode node = find(dottedKey);
        if (node == null) {
            return Optional.empty();
        }
        if (node.isBoolean()) {
            return Optional.of(node.booleanValue());
        }
        if (node.isTextual()) {
            String text = node.textValue().trim();
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
        return find(dottedKey) != null;
    }

    /** A copy of the whole tree, for writers. */
    ObjectNode copyOfRoot() {
        return root.deepCopy();
    }

    private JsonNode find(String dottedKey) {
        String[] parts = DottedKeys.split(dottedKey);
        if (parts == null) {
            return null;
        }
        JsonNode node = root;
        for (String part : parts) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }

    @Override
    public String toString() {
        return "ConfigSnapshot" + (exists ? "" : "(absent)") + root;
    }
}
