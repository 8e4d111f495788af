package dev.gatsbytelemetry.agent.consent;

import dev.gatsbytelemetry.agent.AgentJar;
import dev.gatsbytelemetry.agent.config.AgentConfig;
import dev.gatsbytelemetry.agent.config.ConfigFileLocation;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.environment.CiDetector;
import dev.gatsbytelemetry.agent.environment.Terminal;
import dev.gatsbytelemetry.agent.identity.ConfigFileException;
import dev.gatsbytelemetry.agent.identity.ConfigSnapshot;
import dev.gatsbytelemetry.agent.identity.TelemetryConfigFile;
import dev.gatsbytelemetry.agent.identity.UpdateResult;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * The notice a user sees once per machine (more exactly: per config directory) the first time a
 * tool with the agent runs in their terminal: that anonymous usage data is collected, what for, how
 * to opt out and where to learn more.
 *
 * <p>It is shown only when all of these hold, so it never appears in logs, pipes or CI output:
 * <ul>
 *   <li>telemetry is enabled;</li>
 *   <li>the user has not chosen yet (no {@code telemetry.enabled} key in the config file) and the
 *       notice has not been shown ({@code telemetry.noticeShown} is not {@code true});</li>
 *   <li>not in CI ({@link CiDetector});</li>
 *   <li>the process is attached to a terminal ({@link System#console()}).</li>
 * </ul>
 * The marker is written <em>before</em> printing, with the config file's lock and a re-read under it,
 * so two tools starting together on a fresh machine print it once between them. When the marker
 * cannot be written (unwritable or corrupt config), the notice is still printed: data is collected,
 * so the user must be told, even if that means telling them again next time.
 *
 * <p>Prints to stderr only, never prompts, never reads input, never throws. It reads and writes a
 * small file, so it must run off the application's critical path: the recorder thread calls it when
 * it completes the first event.
 */
public final class FirstRunNotice {

    /** The marker recorded once the notice has been shown. */
    public static final String NOTICE_SHOWN_KEY = "telemetry.noticeShown";

    /** The user's explicit choice; when present the user has decided and needs no notice. */
    public static final String ENABLED_KEY = "telemetry.enabled";

    /** Printed as the first line, so tests and users can recognise it. */
    public static final String FIRST_LINE_START = "Telemetry notice: ";

    private FirstRunNotice() {
    }

    /** As {@link #showIfNeeded(AgentConfig, Map, AgentLog, PrintStream)}, printing through {@code log}'s stderr. */
    public static boolean showIfNeeded(AgentConfig config, Map<String, String> env, AgentLog log) {
        return showIfNeeded(config, env, log, null);
    }

    /**
     * Shows the notice on {@code err} if this is the first run on a terminal outside CI, and records
     * that it was shown. Never throws.
     *
     * @param err where to print; null prints through {@code log} (the stderr captured at startup,
     *            which an application replacing {@code System.err} cannot hide)
     * @return whether the notice was printed
     */
    public static boolean showIfNeeded(AgentConfig config, Map<String, String> env, AgentLog log, PrintStream err) {
        try {
            Map<String, String> environment = env == null ? Map.of() : env;
            if (config == null || !config.enabled()) {
                return false;
            }
            // CI and the terminal first: the event's osInformation needs both anyway, while the
            // config file's reader (and its lock) is needed only here, and a run away from a
            // terminal (scripts, CI, benchmarks) never records the marker, so it would read the
            // file on every run. The caller has already skipped runs whose startup read found the
            // marker or a choice (ConfigFileFacts).
            if (CiDetector.detect(environment).ci() || !Terminal.interactive()) {
                return false;
            }
            TelemetryConfigFile file = new TelemetryConfigFile(
                    ConfigFileLocation.configFile(environment, System.getProperty("user.home")));
            if (handledBefore(file)) {
                return false;
            }
            return showIfNeeded(config, environment, file, true, AgentJar.path(), log, err);
        } catch (Throwable t) {
            debug(log, "first-run notice skipped: " + t);
            return false;
        }
    }

    /** The decision and the printing, with every input explicit (for tests). Never throws. */
    static boolean showIfNeeded(AgentConfig config, Map<String, String> env, TelemetryConfigFile file,
                                boolean terminal, String jarPath, AgentLog log, PrintStream err) {
        try {
            if (config == null || !config.enabled() || !terminal
                    || CiDetector.detect(env == null ? Map.of() : env).ci()) {
                return false;
            }
            if (!record(file, log)) {
                return false;
            }
            print(text(config, jarPath), log, err);
            return true;
        } catch (Throwable t) {
            debug(log, "first-run notice skipped: " + t);
            return false;
        }
    }

    /**
     * Records the marker; false when the notice was already shown or the user already chose. When
     * the marker cannot be recorded (corrupt or unwritable config) the answer is true: the user must
     * be told, even if again next time. Once recorded, later runs decide on the config file's
     * lock-free read path and write nothing.
     */
    private static boolean record(TelemetryConfigFile file, AgentLog log) {
        try {
            UpdateResult result = file.update(
                    current -> alreadyHandled(current) ? Map.of() : Map.of(NOTICE_SHOWN_KEY, Boolean.TRUE),
                    TelemetryConfigFile.OnCorrupt.FAIL);
            return result.written(); // not written: already handled, or another process recorded it first and showed it
        } catch (ConfigFileException e) {
            // A corrupt file is the user's to repair (telemetry --enable/--disable does), not ours.
            debug(log, "cannot record that the telemetry notice was shown (" + e.getMessage()
                    + "); it will be shown again");
            return true;
        }
    }

    /** The notice, lines separated by {@code \n}. */
    public static String text(AgentConfig config, String jarPath) {
        String tool = config.component() != null ? config.component() : "This tool";
        return FIRST_LINE_START + tool + " collects anonymous usage data: which commands run, how long they\n"
                + "take and which errors they hit, with secrets and personal paths removed. Its maintainers use it\n"
                + "to decide what to fix and improve.\n"
                + "  To opt out, run:  " + AgentJar.disableCommand(jarPath) + "\n"
                + "  or set:           GATSBY_TELEMETRY_DISABLED=1\n"
                + "  Learn more:       " + config.learnMoreUrl() + "\n"
                + "This notice is shown only once.";
    }

    /** The lock-free read: true when the marker or a choice is there; an unreadable file says no. */
    private static boolean handledBefore(TelemetryConfigFile file) {
        try {
            return alreadyHandled(file.read());
        } catch (ConfigFileException e) {
            return false;
        }
    }

    private static boolean alreadyHandled(ConfigSnapshot snapshot) {
        return snapshot.has(ENABLED_KEY) || snapshot.getBoolean(NOTICE_SHOWN_KEY).orElse(Boolean.FALSE);
    }

    private static void print(String text, AgentLog log, PrintStream err) {
        if (err != null) {
            try {
                err.println(text);
                err.flush();
            } catch (Throwable ignored) {
                // stderr closed: nothing to do
            }
        } else if (log != null) {
            log.raw(text);
        }
    }

    private static void debug(AgentLog log, String message) {
        if (log != null) {
            log.debug(message);
        }
    }
}
