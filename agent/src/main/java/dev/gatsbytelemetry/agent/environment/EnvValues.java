package dev.gatsbytelemetry.agent.environment;

import java.util.Locale;
import java.util.Map;

/** Small helpers for reading flag-like environment variables. */
final class EnvValues {

    private EnvValues() {}

    /**
     * True when {@code name} is set to something other than blank or an explicit "off" value
     * ({@code false}, {@code 0}, {@code no}, {@code off}, any case). CI vendors set most of their
     * marker variables to {@code true} or to an id; people switch them off by hand with
     * {@code false} or {@code 0}, which must not count as "set".
     */
    static boolean isSet(Map<String, String> env, String name) {
        String value = value(env, name);
        if (value == null) {
            return false;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "false":
            case "0":
            case "no":
            case "off":
                return false;
            default:
                return true;
        }
    }

    /** The trimmed value of {@code name}, or null when it is absent or blank. */
    static String value(Map<String, String> env, String name) {
        if (env == null) {
            return null;
        }
        String value = env.get(name);
        if (value == null) {
            return null;
        }
        value = value.trim();
        return value.isEmpty() ? null : value;
    }

    /** True when {@code name} equals {@code expected}, ignoring case and surrounding blanks. */
    static boolean equalsIgnoreCase(Map<String, String> env, String name, String expected) {
        String value = value(env, name);
        return value != null && value.equalsIgnoreCase(expected);
    }
}
