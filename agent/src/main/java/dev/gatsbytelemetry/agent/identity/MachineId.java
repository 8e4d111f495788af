package dev.gatsbytelemetry.agent.identity;

/**
 * The id of this machine (more exactly: of this user's config directory) for telemetry.
 *
 * @param value     a random UUID stored in the config file, or, when it cannot be stored,
 *                  {@value MachineIdProvider#FALLBACK_PREFIX} followed by a UUID that lives only as
 *                  long as this process (the prefix lets the backend discard such ids)
 * @param persisted whether {@code value} is stored in the config file
 * @param problem   null when all is well, else a human-readable reason the id is not persisted,
 *                  meant to be printed once in debug mode
 */
public record MachineId(String value, boolean persisted, String problem) {}
