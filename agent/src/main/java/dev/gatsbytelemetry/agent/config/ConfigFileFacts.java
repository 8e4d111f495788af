package dev.gatsbytelemetry.agent.config;

import java.util.Optional;

/**
 * What the user's config file said when the agent started, read once in premain: the user's
 * choice, the stored machine id and whether the first-run notice was shown. The recorder thread
 * uses it to skip reading and locking the file again on every run after the first; when a value is
 * missing here it still goes to the file (the first run, a corrupt file). Immutable.
 */
public final class ConfigFileFacts {

    /** Nothing known: every consumer reads the file itself. */
    public static final ConfigFileFacts NONE = new ConfigFileFacts(null, null, false);

    private final Boolean enabled;
    private final String machineId;
    private final boolean noticeShown;

    ConfigFileFacts(Boolean enabled, String machineId, boolean noticeShown) {
        this.enabled = enabled;
        this.machineId = machineId;
        this.noticeShown = noticeShown;
    }

    /** {@code telemetry.enabled}, when the file holds a boolean there. */
    public Optional<Boolean> enabled() {
        return Optional.ofNullable(enabled);
    }

    /** {@code telemetry.machineId} as stored (not validated), or {@code null}. */
    public String machineId() {
        return machineId;
    }

    /**
     * Whether the user needs no first-run notice any more: they chose ({@code telemetry.enabled} is
     * there) or it was shown ({@code telemetry.noticeShown} is {@code true}).
     */
    public boolean noticeHandled() {
        return enabled != null || noticeShown;
    }
}
