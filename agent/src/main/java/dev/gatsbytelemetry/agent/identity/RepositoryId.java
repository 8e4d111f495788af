package dev.gatsbytelemetry.agent.identity;

import java.util.Map;

/**
 * The anonymous id of the project the tool runs in.
 *
 * @param id             {@code git:<hex sha256>} of the salted, normalized origin remote, or
 *                       {@code pwd:<hex sha256>} of the salted working-directory name when there
 *                       is no remote
 * @param repositoryData salted hex sha256 of the remote's {@code provider} (host), {@code owner}
 *                       and {@code name}; a key is absent when unknown (always empty for
 *                       {@code pwd:} ids). Unmodifiable.
 */
public record RepositoryId(String id, Map<String, String> repositoryData) {

    /** Copies {@code repositoryData} into an unmodifiable map. */
    public RepositoryId {
        repositoryData = repositoryData == null ? Map.of() : Map.copyOf(repositoryData);
    }
}
