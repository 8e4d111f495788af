package dev.gatsbytelemetry.agent.cli;

import dev.gatsbytelemetry.agent.config.AgentConfig;
import dev.gatsbytelemetry.agent.config.AgentConfigParser;
import dev.gatsbytelemetry.agent.config.ConfigFileConsent;
import dev.gatsbytelemetry.agent.config.ConfigFileFacts;
import dev.gatsbytelemetry.agent.files.PrivateFiles;
import dev.gatsbytelemetry.agent.config.ConfigFileLocation;
import dev.gatsbytelemetry.agent.config.Setting;
import dev.gatsbytelemetry.agent.config.TinyJson;
import dev.gatsbytelemetry.agent.AgentJar;
import dev.gatsbytelemetry.agent.consent.FirstRunNotice;
import dev.gatsbytelemetry.agent.environment.CiDetector;
import dev.gatsbytelemetry.agent.event.JsonWriter;
import dev.gatsbytelemetry.agent.event.Timestamps;
import dev.gatsbytelemetry.agent.identity.ConfigFileException;
import dev.gatsbytelemetry.agent.identity.ConfigSnapshot;
import dev.gatsbytelemetry.agent.identity.TelemetryConfigFile;
import dev.gatsbytelemetry.agent.identity.UpdateResult;
import dev.gatsbytelemetry.agent.instrumentation.HookedClassCache;
import dev.gatsbytelemetry.agent.sender.EventSender;
import dev.gatsbytelemetry.agent.sender.SenderLog;
import dev.gatsbytelemetry.agent.sender.SenderSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent jar's command line: {@code java -jar gatsby-telemetry-agent.jar telemetry <option>}, the
 * user's way to see and change their telemetry choice, as {@code gatsby telemetry} was.
 *
 * <ul>
 *   <li>{@code --disable} / {@code --enable} write {@code telemetry.enabled} in the config file;
 *       {@code --disable} also deletes the spool, so nothing collected before is sent after, and
 *       the cache of hooked classes.</li>
 *   <li>{@code --status} (also bare {@code telemetry}, which, unlike Gatsby's, changes nothing) shows
 *       the decision for this shell, decided by {@link AgentConfigParser} exactly as the agent does.</li>
 *   <li>{@code --preview} prints the spooled events, exactly the JSON that would be sent.</li>
 *   <li>{@code --send} does now what a later run of a tool would: completes the events runs kept at
 *       exit (those this command can: see {@link EventSender#sendNow}) and sends every waiting event
 *       to the endpoint this shell configures, within {@link #SEND_DEADLINE_MILLIS}; for a machine
 *       about to go away (the end of a CI job).</li>
 * </ul>
 * Exit codes: 0 done, 1 the change could not be saved (or, for {@code --send}, not everything was
 * sent), 2 bad usage (usage on stderr).
 */
public final class TelemetryCommandLine {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String ERROR_PREFIX = "gatsby-telemetry: error: ";
    static final String WARNING_PREFIX = "gatsby-telemetry: warning: ";
    private static final int MAX_BATCH_BYTES = 16 << 20;
    /** The longest {@code --send} takes, whatever the network does: the user waits for it. */
    static final long SEND_DEADLINE_MILLIS = 30_000;

    private final Map<String, String> env;
    private final String userHome;
    private final PrintStream out;
    private final PrintStream err;
    private final String jar;

    private TelemetryCommandLine(Map<String, String> env, String userHome, PrintStream out, PrintStream err) {
        this.env = env == null ? Map.of() : env;
        this.userHome = userHome;
        this.out = out;
        this.err = err;
        this.jar = AgentJar.path();
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs one command with this process's {@code user.home}; returns the exit code. Never throws. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, System.getProperty("user.home"), out, err);
    }

    /** Runs one command; returns the exit code. Never throws. */
    public static int run(String[] args, Map<String, String> env, String userHome, PrintStream out, PrintStream err) {
        TelemetryCommandLine cli = new TelemetryCommandLine(env, userHome, out, err);
        try {
            return cli.dispatch(args == null ? new String[0] : args);
        } catch (RuntimeException | LinkageError e) {
            err.println(ERROR_PREFIX + oneLine(String.valueOf(e)));
            return FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int dispatch(String[] args) {
        if (args.length == 0) {
            return usageError("a command is required");
        }
        String command = args[0];
        if (args.length == 1 && (command.equals("--help") || command.equals("-h") || command.equals("help"))) {
            out.print(help());
            return OK;
        }
        if (!command.equals("telemetry")) {
            return usageError("unknown command '" + command + "'");
        }
        if (args.length > 2) {
            return usageError("give one option at a time");
        }
        String option = args.length == 1 ? "--status" : args[1];
        switch (option) {
            case "--disable":
                return setEnabled(false);
            case "--enable":
                return setEnabled(true);
            case "--status":
                return status();
            case "--preview":
                return preview();
            case "--send":
                return send();
            case "--help":
            case "-h":
                out.print(help());
                return OK;
            default:
                return usageError("unknown option '" + option + "'");
        }
    }

    // ------------------------------------------------------------------ --enable / --disable

    private int setEnabled(boolean enabled) {
        Path directory = directory();
        if (directory == null) {
            return FAILED;
        }
        Path configPath = directory.resolve("config.json");
        TelemetryConfigFile config = new TelemetryConfigFile(configPath);
        Map<String, Object> salvaged = Map.of();
        try {
            config.read();
        } catch (ConfigFileException e) {
            if (e.kind() == ConfigFileException.Kind.CORRUPT) {
                salvaged = ConfigRecovery.salvage(configPath);
            }
            // IO problems are reported by the update below, with the reason it failed.
        }
        Map<String, Object> kept = salvaged;
        UpdateResult result;
        try {
            result = config.update(current -> {
                Map<String, Object> changes = new LinkedHashMap<>();
                if (!current.exists()) { // the corrupt file was just moved aside: carry its settings over
                    for (Map.Entry<String, Object> entry : kept.entrySet()) {
                        if (!current.has(entry.getKey())) {
                            changes.put(entry.getKey(), entry.getValue());
                        }
                    }
                }
                changes.put(FirstRunNotice.ENABLED_KEY, enabled);
                return changes;
            }, TelemetryConfigFile.OnCorrupt.MOVE_ASIDE);
        } catch (ConfigFileException | RuntimeException e) {
            err.println(ERROR_PREFIX + "telemetry was not " + (enabled ? "enabled" : "disabled") + ": "
                    + oneLine(e.getMessage()));
            if (!enabled) {
                deleteSpool(directory); // what the user asked for is still worth doing
            }
            return FAILED;
        }
        if (result.movedAside() != null) {
            int carried = 0;
            for (String key : kept.keySet()) {
                carried += key.equals(FirstRunNotice.ENABLED_KEY) ? 0 : 1;
            }
            err.println(WARNING_PREFIX + "the config file " + configPath + " was not valid JSON; it was moved to "
                    + result.movedAside() + " and a new one was written"
                    + (carried > 0 ? " keeping " + carried + " of its settings" : "") + ".");
        }
        if (enabled) {
            String component = blankToNull(env.get(Setting.COMPONENT.environmentVariable()));
            out.println("Telemetry enabled. Thank you for helping improve "
                    + (component != null ? component : "the tools you use") + ".");
            AgentConfig now = AgentConfigParser.parse(env, null, consent(directory));
            if (!now.enabled()) {
                err.println(WARNING_PREFIX + "telemetry is still off here, decided by " + now.decidedBy() + ".");
            }
        } else {
            int deleted = deleteSpool(directory);
            out.println("Telemetry disabled. Nothing will be collected or sent.");
            if (deleted > 0) {
                out.println("Deleted " + deleted + " unsent event" + (deleted == 1 ? "" : "s") + " from "
                        + directory.resolve("events") + ".");
            }
        }
        return OK;
    }

    /**
     * Deletes the spool, and the hooked-class and class-path-jar caches with it; returns how many
     * events the spool held.
     * A failure is reported on stderr.
     */
    private int deleteSpool(Path directory) {
        EventSender sender = spool(directory);
        int pending = sender.pendingSpoolEvents();
        sender.deleteSpool();
        if (!sender.spoolFiles().isEmpty()) {
            err.println(ERROR_PREFIX + "could not delete every unsent event in " + directory.resolve("events")
                    + "; delete that directory by hand.");
        }
        if (!HookedClassCache.deleteAll(directory)) {
            err.println(ERROR_PREFIX + "could not delete " + directory.resolve(HookedClassCache.DIRECTORY_NAME)
                    + "; delete that directory by hand.");
        }
        for (String cache : new String[] {dev.gatsbytelemetry.agent.identity.JarCoordinatesCache.FILE_NAME,
                dev.gatsbytelemetry.agent.command.KnownCommandWords.FILE_NAME}) {
            Path file = directory.resolve(cache);
            try {
                java.nio.file.Files.deleteIfExists(file); // a link there is removed itself, never its target
            } catch (java.io.IOException | RuntimeException e) {
                // no folder there (a file in its place) means no cache either: only a file left is worth a line
                if (java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    err.println(ERROR_PREFIX + "could not delete " + file + "; delete it by hand.");
                }
            }
        }
        return pending;
    }

    // ------------------------------------------------------------------ --status

    private int status() {
        Path directory = directory();
        if (directory == null) {
            return FAILED;
        }
        Path configPath = directory.resolve("config.json");
        ConfigFileConsent consent = consent(directory);
        AgentConfig decision = AgentConfigParser.parse(env, null, consent);
        out.println("Telemetry: " + (decision.enabled() ? "enabled" : "disabled") + " for this shell (decided by "
                + decision.decidedBy() + ")");
        ConfigFileFacts facts = consent.facts();
        if (facts.folderProblem() != null) {
            out.println("State folder not used: " + facts.folderProblem()
                    + "; nothing is stored, spooled or cached until it is fixed");
        }

        String fileState = "";
        List<String> machineIds = new ArrayList<>();
        try {
            ConfigSnapshot snapshot = new TelemetryConfigFile(configPath).read();
            if (!snapshot.exists()) {
                fileState = " (does not exist yet)";
            }
            machineIds.addAll(snapshot.keysUnder(ConfigFileFacts.MACHINE_IDS));
        } catch (ConfigFileException e) {
            boolean corrupt = e.kind() == ConfigFileException.Kind.CORRUPT;
            fileState = corrupt ? " (not valid JSON: telemetry is off until you choose again)"
                    : " (cannot be read: telemetry is off until you choose again)";
            err.println(WARNING_PREFIX + oneLine(e.getMessage())
                    + "; '" + command("--enable") + "' or '--disable' decides again"
                    + (corrupt ? " and repairs it" : ""));
        }
        out.println("Config file: " + configPath + fileState);
        out.println("Gatsby's config file: " + ConfigFileLocation.gatsbyConfigFile(env, userHome)
                + " (only read: its telemetry.enabled false keeps telemetry off; never written)");
        out.println("Machine ids: one random id per tool, " + (machineIds.isEmpty() ? "none yet"
                : machineIds.size() + " stored (" + String.join(", ", machineIds) + ")"));
        out.println("Endpoint: " + endpoint(decision));
        EventSender spool = spool(directory);
        out.println("Events waiting to be sent: " + spool.pendingSpoolEvents() + " (" + directory.resolve("events") + ")");
        int files = spool.spoolFileCount();
        int kept = spool.pendingRecords();
        out.println("Spool: " + files + " batch file" + (files == 1 ? "" : "s") + "; events kept at exit, not completed"
                + " yet: " + kept + (kept == 0 ? "" : " (the next run of the tool that kept them completes and sends"
                + " them; '" + command("--send") + "' sends those it can now)"));
        long lastDelivery = spool.lastDeliveryMillis();
        int interval = decision.sendIntervalMinutes(CiDetector.detect(env).ci());
        out.println("Last delivery: " + (lastDelivery > 0 ? Timestamps.utc(lastDelivery) : "none yet")
                + (interval > 0 ? "; runs send at most every " + interval + " min" : "; every run sends"));
        long[] cache = HookedClassCache.size(directory);
        out.println("Hooked-class cache: " + cache[0] + " class" + (cache[0] == 1 ? "" : "es") + ", "
                + (cache[1] + 1023) / 1024 + " KiB (" + directory.resolve(HookedClassCache.DIRECTORY_NAME)
                + "; makes later starts faster, deleted by --disable)");
        if (decision.enabled() && decision.decidedBy().equals("default")) {
            out.println("To turn it off: " + command("--disable") + "   or   export GATSBY_TELEMETRY_DISABLED=1");
        }
        return OK;
    }

    private String endpoint(AgentConfig decision) {
        String api = blankToNull(env.get(Setting.API.environmentVariable()));
        if (api == null) {
            return "not configured in this shell";
        }
        if (decision.enabled() && decision.endpoint() == null) {
            return api + " (ignored: not an http or https URL)";
        }
        return api;
    }

    // ------------------------------------------------------------------ --send

    private int send() {
        Path directory = directory();
        if (directory == null) {
            return FAILED;
        }
        AgentConfig decision = AgentConfigParser.parse(env, null, consent(directory));
        if (!decision.enabled()) {
            out.println("Telemetry is disabled in this shell (decided by " + decision.decidedBy() + "); nothing sent.");
            return OK;
        }
        if (decision.endpoint() == null) {
            err.println(ERROR_PREFIX + "no endpoint to send to: " + endpoint(decision)
                    + " (set " + Setting.API.environmentVariable() + " as the tool does).");
            return FAILED;
        }
        EventSender sender = new EventSender(SenderSettings.builder()
                .endpoint(decision.endpoint())
                .gzip(decision.gzip())
                .spoolDirectory(directory.resolve("events"))
                .userAgent("gatsby-telemetry-agent/" + dev.gatsbytelemetry.agent.AgentVersion.get())
                .build(), env, Clock.systemUTC(), SenderLog.NONE);
        int keptBefore = sender.pendingRecords();
        int waitingBefore = sender.pendingSpoolEvents();
        long droppedBefore = sender.droppedEvents();
        EventSender.SendOutcome outcome = sender.sendNow(System.nanoTime() + SEND_DEADLINE_MILLIS * 1_000_000L);
        int keptAfter = sender.pendingRecords();
        int waitingAfter = sender.pendingSpoolEvents();
        long refused = Math.max(0, sender.droppedEvents() - droppedBefore);
        long sent = Math.max(0, waitingBefore + (keptBefore - keptAfter) - waitingAfter - refused);
        out.println("Sent " + sent + " event" + (sent == 1 ? "" : "s") + " to " + decision.endpoint()
                + (keptBefore > keptAfter ? " (" + (keptBefore - keptAfter) + " completed from what earlier runs kept at"
                + " exit)" : "") + (refused > 0 ? "; " + refused + " refused by the collector and counted as dropped" : "")
                + ".");
        if (keptAfter > 0) {
            out.println(keptAfter + " event" + (keptAfter == 1 ? "" : "s") + " kept at exit wait for the tool that"
                    + " kept them (only a run of that tool knows their identity fields, or its own run is still going).");
        }
        if (outcome == EventSender.SendOutcome.SENT_ALL) {
            return OK;
        }
        err.println(ERROR_PREFIX + waitingAfter + " event" + (waitingAfter == 1 ? "" : "s") + " not sent: "
                + (outcome == EventSender.SendOutcome.TIMED_OUT ? "no time left after " + SEND_DEADLINE_MILLIS / 1000 + " s"
                        : "the collector could not be reached or refused them for now")
                + "; they stay in " + directory.resolve("events") + " for a later run.");
        return FAILED;
    }

    // ------------------------------------------------------------------ --preview

    private int preview() {
        Path directory = directory();
        if (directory == null) {
            return FAILED;
        }
        List<Object> events = new ArrayList<>();
        List<Path> files = spool(directory).spoolFiles();
        int batches = 0;
        for (Path file : files) {
            try {
                byte[] bytes = PrivateFiles.read(file, MAX_BATCH_BYTES); // no link followed, no FIFO, bounded
                if (bytes == null) {
                    continue; // sent (or dropped) since it was listed
                }
                Object batch = TinyJson.parse(new String(bytes, StandardCharsets.UTF_8));
                if (!(batch instanceof List)) {
                    err.println(WARNING_PREFIX + "skipping " + file + ": not a JSON array");
                    continue;
                }
                events.addAll((List<?>) batch);
                batches++;
            } catch (NoSuchFileException e) {
                // sent (or dropped) since it was listed
            } catch (IOException | IllegalArgumentException e) {
                err.println(WARNING_PREFIX + "skipping " + file + ": " + oneLine(e.getMessage()));
            }
        }
        out.println(JsonWriter.writePretty(events));
        String where = directory.resolve("events").toString();
        err.println(events.isEmpty()
                ? "No events wait in " + where + "; nothing would be sent."
                : events.size() + " event" + (events.size() == 1 ? "" : "s") + " in " + batches + " batch"
                        + (batches == 1 ? "" : "es") + " wait in " + where
                        + "; above is exactly what would be sent. '" + command("--disable") + "' deletes them.");
        return OK;
    }

    // ------------------------------------------------------------------ helpers

    /** The {@code gatsby} directory, or null after printing why there is none. */
    private Path directory() {
        String xdg = env.get("XDG_CONFIG_HOME");
        boolean xdgUsable = xdg != null && !xdg.isBlank() && safeIsAbsolute(xdg);
        if (!xdgUsable && (userHome == null || userHome.isBlank())) {
            err.println(ERROR_PREFIX + "no place for the telemetry config: set XDG_CONFIG_HOME or HOME.");
            return null;
        }
        try {
            return ConfigFileLocation.directory(env, userHome).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            err.println(ERROR_PREFIX + "no usable place for the telemetry config: " + oneLine(e.getMessage()));
            return null;
        }
    }

    private static boolean safeIsAbsolute(String path) {
        try {
            return Path.of(path).isAbsolute();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The stored choice as the agent reads it at startup. */
    private ConfigFileConsent consent(Path directory) {
        return new ConfigFileConsent(directory, ConfigFileLocation.gatsbyConfigFile(env, userHome));
    }

    /** A reader of the spool: it starts no thread and never touches the network. */
    private EventSender spool(Path directory) {
        return new EventSender(SenderSettings.builder().spoolDirectory(directory.resolve("events")).build(),
                env, Clock.systemUTC(), SenderLog.NONE);
    }

    private String command(String option) {
        return "java -jar " + AgentJar.shellQuote(jar) + " telemetry " + option;
    }

    private int usageError(String problem) {
        err.println(ERROR_PREFIX + problem);
        err.print(usage());
        return USAGE;
    }

    private String usage() {
        return "Usage: java -jar <agent.jar> telemetry [--status|--enable|--disable|--preview|--send|--help]\n"
                + "  <agent.jar> is " + AgentJar.shellQuote(jar) + "\n";
    }

    /** The path printed once, in the usage: repeated on every line it broke the columns. */
    private String help() {
        return usage()
                + "\n"
                + "Shows or changes your choice about the anonymous usage data (telemetry) that tools started\n"
                + "with this agent collect. The choice applies to every tool using the agent and is saved in\n"
                + "  " + describeConfigFile() + "\n"
                + "(key telemetry.enabled), a file only you can read, beside the agent's other state.\n"
                + "\n"
                + "  --status    Show whether telemetry is on in this shell and which setting decided it,\n"
                + "              the files, the machine ids, the endpoint and how many events wait to be\n"
                + "              sent. Changes nothing. Also what 'telemetry' alone does.\n"
                + "  --disable   Turn telemetry off and delete the events not sent yet.\n"
                + "  --enable    Turn telemetry on.\n"
                + "  --preview   Print the events waiting to be sent, as the exact JSON that would be\n"
                + "              sent (stdout; a summary goes to stderr).\n"
                + "  --send      Send the waiting events now, to the endpoint this shell sets (as a tool's\n"
                + "              next run would), within 30 s; for a machine about to go away.\n"
                + "  --help      This text.\n"
                + "\n"
                + "Environment variables win over the config file, for one shell or one run:\n"
                + "  GATSBY_TELEMETRY_DISABLED=1   turn telemetry off (also DO_NOT_TRACK=1)\n"
                + "  GATSBY_TELEMETRY_DEBUG=1      print each event on stderr instead of sending it\n"
                + "Any \"no\" wins: GATSBY_TELEMETRY_DISABLED, DO_NOT_TRACK, your choice saved by --disable,\n"
                + "a config file that cannot be read, telemetry.enabled false in Gatsby's own config file\n"
                + "(only read, never written); then your --enable, the tool's agent argument enabled=, on.\n"
                + "\n"
                + "Exit codes: 0 done, 1 the setting could not be saved or not everything was sent, 2 bad usage.\n";
    }

    private String describeConfigFile() {
        Path directory;
        try {
            String xdg = env.get("XDG_CONFIG_HOME");
            directory = (xdg != null && !xdg.isBlank() && safeIsAbsolute(xdg)) || (userHome != null && !userHome.isBlank())
                    ? ConfigFileLocation.configFile(env, userHome) : null;
        } catch (RuntimeException e) {
            directory = null;
        }
        return directory != null ? directory.toString() : "$XDG_CONFIG_HOME/gatsby-telemetry-agent/config.json";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static String oneLine(String text) {
        return text == null ? "unknown error" : text.replace('\r', ' ').replace('\n', ' ');
    }
}
