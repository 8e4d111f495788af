package dev.gatsbytelemetry.agent.identity;

/** Splits {@code a.b.c} keys into path segments. */
final class DottedKeys {

    private DottedKeys() {}

    /** The segments of {@code key}, or null when the key is null, empty or has an empty segment. */
    static String[] split(String key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        String[] parts = key.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                return null;
            }
        }
        return parts;
    }
}
