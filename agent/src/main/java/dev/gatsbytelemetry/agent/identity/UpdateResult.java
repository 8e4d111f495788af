package dev.gatsbytelemetry.agent.identity;

import java.nio.file.Path;

/**
 * The outcome of {@link TelemetryConfigFile#update}.
 *
 * @param written    whether the file was rewritten; false when the changes were already in place
 * @param movedAside where a corrupt file was moved before being replaced, else null
 * @param after      the content now in effect (what was written, or what was already there)
 */
public record UpdateResult(boolean written, Path movedAside, ConfigSnapshot after) {}
