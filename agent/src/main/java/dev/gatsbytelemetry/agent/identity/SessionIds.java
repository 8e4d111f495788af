package dev.gatsbytelemetry.agent.identity;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Session ids: one UUID per run of the tool, shared with any JVM that run starts.
 *
 * <p>A JVM launched by the tool (a forked worker, a daemon) inherits the parent's session through
 * the {@value #ENV_VAR} environment variable, so its events join the parent's session instead of
 * looking like a separate run. Putting the variable into children's environments is the caller's
 * job (a JVM cannot change its own environment).
 *
 * <p>New ids come from {@link ThreadLocalRandom}, not {@code SecureRandom}: a session id must be
 * unique, not secret, and this avoids the security-provider start-up cost and any chance of
 * blocking on entropy early in a container's boot. Machine ids, which persist, use
 * {@code SecureRandom} (see {@link MachineIdProvider}).
 */
public final class SessionIds {

    /** Environment variable through which a parent process hands its session id to children. */
    public static final String ENV_VAR = "GATSBY_TELEMETRY_SESSION_ID";

    private SessionIds() {}

    /**
     * The inherited session id when {@code env} holds a well-formed UUID under {@value #ENV_VAR}
     * (returned in lower case), otherwise a new random version 4 UUID. Never throws.
     */
    public static String sessionId(Map<String, String> env) {
        try {
            String inherited = env == null ? null : env.get(ENV_VAR);
            if (inherited != null) {
                inherited = inherited.trim();
                if (Uuids.isCanonical(inherited)) {
                    return Uuids.normalize(inherited);
                }
            }
        } catch (RuntimeException e) {
            // Fall through to a fresh id.
        }
        return newId();
    }

    /** A new random version 4 UUID (also suitable for event ids). */
    public static String newId() {
        return Uuids.randomV4(ThreadLocalRandom.current());
    }
}
