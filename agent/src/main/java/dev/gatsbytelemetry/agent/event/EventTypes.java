package dev.gatsbytelemetry.agent.event;

import java.util.Locale;

/** How event type names are formed from command names and error kinds, in one place. */
public final class EventTypes {

    /**
     * Version of the event format; bumped when a field changes meaning or type. 2: Gatsby's own event
     * names ({@code CLI_RAW_COMMAND_<CMD>}, {@code CLI_COMMAND_<CMD>_END}), heartbeats, and the
     * {@code sum}, {@code median}, {@code stdDev} of stages. Version 1 named the start
     * {@code CLI_COMMAND_<CMD>} and the end {@code <CMD>_END}.
     */
    public static final int SCHEMA_VERSION = 2;

    /** Sent once per run, right after the command starts: what the tool runs with. */
    public static final String METADATA = "CLI_COMMAND_METADATA";

    /** Kind of {@code CLI_ERROR_*} for an exception no code caught. */
    public static final String UNCAUGHT_EXCEPTION = "UNCAUGHT_EXCEPTION";

    /**
     * Kind of {@code CLI_ERROR_*} for an exception that escaped a stage or the entry point (or was
     * printed or logged) and that the tool caught itself.
     */
    public static final String CAUGHT_EXCEPTION = "CAUGHT_EXCEPTION";

    private EventTypes() {
    }

    /** {@code CLI_RAW_COMMAND_<COMMAND>}, sent when a command starts (Gatsby's name for the raw command). */
    public static String commandStarted(String command) {
        return "CLI_RAW_COMMAND_" + token(command);
    }

    /** {@code CLI_COMMAND_<COMMAND>_END}, sent when the command's JVM exits (Gatsby's {@code trackCli(type)}). */
    public static String commandEnded(String command) {
        return "CLI_COMMAND_" + token(command) + "_END";
    }

    /** {@code CLI_COMMAND_<COMMAND>_HEARTBEAT}, sent periodically while a long command runs. */
    public static String commandHeartbeat(String command) {
        return "CLI_COMMAND_" + token(command) + "_HEARTBEAT";
    }

    /** {@code CLI_ERROR_<KIND>}. */
    public static String error(String kind) {
        return "CLI_ERROR_" + token(kind);
    }

    /** Upper case, with every character other than A-Z and 0-9 as {@code _}. */
    static String token(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(upper.length());
        for (int i = 0; i < upper.length(); i++) {
            char c = upper.charAt(i);
            out.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return out.length() == 0 ? "DEFAULT" : out.toString();
    }
}
