package dev.gatsbytelemetry.agent.config;

import java.util.Map;
import java.util.Optional;

/**
 * What the user's config files said when the agent started, read once in premain
 * ({@link ConfigFileConsent}): the choice that decides, the stored per-tool machine ids, whether the
 * first-run notice was shown, the hooked-class cache's key, and why the agent's folder or file is
 * not used, if it is not. The recorder thread uses it to skip reading and locking the file again
 * on every run after the first. Immutable.
 */
public final class ConfigFileFacts {

    /** The config file's object of per-tool machine ids. */
    public static final String MACHINE_IDS = "machineIds";
    /** More tools than this on one account is not plausible: the rest are not read at startup. */
    static final int MAX_MACHINE_IDS = 200;

    /** Nothing known: every consumer reads the file itself. */
    public static final ConfigFileFacts NONE = new ConfigFileFacts(null, null, Map.of(), false, null, null, null);

    private final Boolean enabled;
    private final String decidedBy;
    private final Map<String, String> machineIds;
    private final boolean noticeShown;
    private final String hookedClassKey;
    private final String unreadable;
    private final String folderProblem;

    private ConfigFileFacts(Boolean enabled, String decidedBy, Map<String, String> machineIds, boolean noticeShown,
                            String hookedClassKey, String unreadable, String folderProblem) {
        this.enabled = enabled;
        this.decidedBy = decidedBy;
        this.machineIds = Map.copyOf(machineIds);
        this.noticeShown = noticeShown;
        this.hookedClassKey = hookedClassKey;
        this.unreadable = unreadable;
        this.folderProblem = folderProblem;
    }

    /** The agent's file exists but cannot be read: off until the user chooses again. */
    static ConfigFileFacts unreadable(String why, String folderProblem) {
        return new ConfigFileFacts(Boolean.FALSE, "config file that cannot be read; 'telemetry --enable' or"
                + " '--disable' decides again", Map.of(), false, null, why, folderProblem);
    }

    /** The agent's choice ({@code null}: none), whether Gatsby's file says no, and the rest. */
    static ConfigFileFacts choice(Boolean agentChoice, boolean gatsbySaysNo, Map<String, String> machineIds,
                                  boolean noticeShown, String hookedClassKey, String folderProblem) {
        if (Boolean.FALSE.equals(agentChoice)) {
            return new ConfigFileFacts(false, "config file (telemetry.enabled)", machineIds, noticeShown,
                    hookedClassKey, null, folderProblem);
        }
        if (gatsbySaysNo) {
            return new ConfigFileFacts(false, "Gatsby's config file (telemetry.enabled: false)", machineIds,
                    noticeShown, hookedClassKey, null, folderProblem);
        }
        return new ConfigFileFacts(agentChoice, "config file (telemetry.enabled)", machineIds, noticeShown,
                hookedClassKey, null, folderProblem);
    }

    /** The stored decision, when a file makes one. */
    public Optional<Boolean> enabled() {
        return Optional.ofNullable(enabled);
    }

    /** Which file said so. */
    public String decidedBy() {
        return decidedBy;
    }

    /** The stored machine id of tool {@code componentId} (not validated), or {@code null}. */
    public String machineId(String componentId) {
        return componentId == null ? null : machineIds.get(machineIdSegment(componentId));
    }

    /**
     * The key under {@value #MACHINE_IDS} for a tool: its {@code componentId} with dots (which the
     * config file's dotted keys would split on) as {@code _}, at most 100 characters.
     */
    public static String machineIdSegment(String componentId) {
        String key = componentId.replace('.', '_');
        return key.isEmpty() ? "_" : key.length() > 100 ? key.substring(0, 100) : key;
    }

    /** The hooked-class cache's key as stored (Base64), or {@code null}. */
    public String hookedClassKey() {
        return hookedClassKey;
    }

    /** Why the agent's config file is not readable (then telemetry is off), or {@code null}. */
    public String unreadable() {
        return unreadable;
    }

    /** Why the agent's folder is not used, in one line, or {@code null}. */
    public String folderProblem() {
        return folderProblem;
    }

    /**
     * Whether the user needs no first-run notice any more: they chose (the agent's file holds
     * {@code telemetry.enabled}) or it was shown ({@code telemetry.noticeShown} is {@code true}).
     */
    public boolean noticeHandled() {
        return enabled != null || noticeShown;
    }
}
