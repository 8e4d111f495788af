package dev.gatsbytelemetry.agent.config;

import java.util.Map;

/**
 * The two opt-out variables, read before anything else so that a disabled agent costs one class
 * load: {@code GATSBY_TELEMETRY_DISABLED} and {@code DO_NOT_TRACK}.
 */
public final class EnvironmentSwitches {

    private EnvironmentSwitches() {
    }

    /** The variable that turns telemetry off, in precedence order, or {@code null} when neither does. */
    public static String disabledBy(Map<String, String> environment) {
        if (isTruthy(environment.get("GATSBY_TELEMETRY_DISABLED"))) {
            return "GATSBY_TELEMETRY_DISABLED";
        }
        if (isTruthy(environment.get("DO_NOT_TRACK"))) {
            return "DO_NOT_TRACK";
        }
        return null;
    }

    /** Gatsby's rule: {@code true} in any case, or a positive integer. */
    public static boolean isTruthy(String value) {
        if (value == null) {
            return false;
        }
        String t = value.trim();
        if (t.equalsIgnoreCase("true")) {
            return true;
        }
        if (t.isEmpty() || t.length() > 18) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(t) > 0;
    }
}
