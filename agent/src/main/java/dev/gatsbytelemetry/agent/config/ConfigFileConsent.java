package dev.gatsbytelemetry.agent.config;

import dev.gatsbytelemetry.agent.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The user's stored choice, read once at startup from two files: the agent's own
 * {@code gatsby-telemetry-agent/config.json} and Gatsby's {@code gatsby/config.json}, which is only
 * read, and only for a "no". The same single read gives the {@link ConfigFileFacts} the recorder
 * thread would otherwise read the file again for.
 *
 * <p>Implementation notes: any "no" wins, so the answer is {@code false} when the agent's file says
 * {@code telemetry.enabled: false}, when it exists but cannot be read or parsed (fail closed: a
 * choice the agent cannot see may have been "no"), or when Gatsby's file says
 * {@code telemetry.enabled: false} (a user who refused Gatsby, or who ran {@code --disable} with an
 * earlier version of this agent, which kept its choice there). Gatsby's {@code true} means nothing:
 * Gatsby writes it on its first run, without asking. The agent's own {@code true} counts only when
 * its folder is private to the user; from a folder owned by someone else only a "no" is believed.
 * Both reads never follow a link, open only regular files and are bounded ({@link PrivateFiles}).
 */
public final class ConfigFileConsent implements Supplier<Optional<Boolean>> {

    /** Config files larger than this are not ours: the agent's is a few hundred bytes. */
    public static final int MAX_BYTES = 256 * 1024;

    private final Path agentFolder;
    private final Path gatsbyFile;
    private ConfigFileFacts facts;

    /**
     * @param agentFolder the agent's own folder (holding {@code config.json})
     * @param gatsbyFile  Gatsby's config file, or null to ignore it
     */
    public ConfigFileConsent(Path agentFolder, Path gatsbyFile) {
        this.agentFolder = agentFolder;
        this.gatsbyFile = gatsbyFile;
    }

    /** For this process's environment and home. */
    public static ConfigFileConsent of(Map<String, String> environment, String userHome) {
        return new ConfigFileConsent(ConfigFileLocation.directory(environment, userHome),
                ConfigFileLocation.gatsbyConfigFile(environment, userHome));
    }

    @Override
    public Optional<Boolean> get() {
        return facts().enabled();
    }

    /** Which file and key decided, for {@code decidedBy}; only meaningful when {@link #get()} is not empty. */
    public String decidedBy() {
        return facts().decidedBy();
    }

    /** What the files say, read at the first call. */
    public synchronized ConfigFileFacts facts() {
        if (facts == null) {
            facts = read();
        }
        return facts;
    }

    private ConfigFileFacts read() {
        Path configFile = agentFolder.resolve("config.json");
        String folderProblem = PrivateFiles.folderProblem(agentFolder);
        folderProblem = folderProblem == null || folderProblem.equals("does not exist") ? null
                : agentFolder + " " + folderProblem;
        boolean gatsbySaysNo = gatsbyFile != null && Boolean.FALSE.equals(telemetry(parse(gatsbyFile)).get("enabled"));
        Object agent;
        try {
            agent = parseOrThrow(configFile);
        } catch (IOException | IllegalArgumentException e) {
            return ConfigFileFacts.unreadable(configFile + " cannot be read (" + oneLine(e) + ")", folderProblem);
        }
        if (agent == null) {
            return ConfigFileFacts.choice(null, gatsbySaysNo, Map.of(), false, null, folderProblem);
        }
        if (!(agent instanceof Map)) {
            return ConfigFileFacts.unreadable(configFile + " does not hold a JSON object", folderProblem);
        }
        Map<?, ?> values = telemetry(agent);
        Object enabled = values.get("enabled");
        Boolean choice = enabled instanceof Boolean ? (Boolean) enabled : null;
        if (folderProblem != null) {
            // not the user's own folder: believe a "no", nothing else
            return ConfigFileFacts.choice(Boolean.FALSE.equals(choice) ? Boolean.FALSE : null, gatsbySaysNo,
                    Map.of(), false, null, folderProblem);
        }
        Map<String, String> machineIds = new LinkedHashMap<>();
        Object ids = ((Map<?, ?>) agent).get("machineIds");
        if (ids instanceof Map) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) ids).entrySet()) {
                if (entry.getValue() instanceof String && machineIds.size() < ConfigFileFacts.MAX_MACHINE_IDS) {
                    machineIds.put(String.valueOf(entry.getKey()), (String) entry.getValue());
                }
            }
        }
        Object key = ((Map<?, ?>) agent).get("hookedClassKey");
        return ConfigFileFacts.choice(choice, gatsbySaysNo, machineIds, Boolean.TRUE.equals(values.get("noticeShown")),
                key instanceof String ? (String) key : null, null);
    }

    /** The file's JSON; null when absent or unusable (Gatsby's file: anything unreadable says nothing). */
    private static Object parse(Path file) {
        try {
            return parseOrThrow(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Object parseOrThrow(Path file) throws IOException {
        byte[] bytes = PrivateFiles.read(file, MAX_BYTES);
        if (bytes == null) {
            return null;
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        String text = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        return text.isBlank() ? Map.of() : TinyJson.parse(text);
    }

    private static Map<?, ?> telemetry(Object root) {
        if (root instanceof Map) {
            Object telemetry = ((Map<?, ?>) root).get("telemetry");
            if (telemetry instanceof Map) {
                return (Map<?, ?>) telemetry;
            }
        }
        return Map.of();
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ').replace('\r', ' ');
    }
}
