package dev.gatsbytelemetry.agent.identity;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes the {@link RepositoryId} for a working directory: {@code git:} + sha256(salt +
 * normalized {@code remote.origin.url}) when the directory is in a git repository with an origin
 * remote, else {@code pwd:} + sha256(salt + the directory's base name), as Gatsby did.
 *
 * <p><b>Why a salt.</b> Repository URLs of public projects are public and few: without a salt,
 * anyone holding the telemetry data could hash every URL on GitHub once and look ids up in that
 * table, and directory names are guessable too. The agent passes a per-tool salt (configurable,
 * with {@link #DEFAULT_SALT} built in), which makes such precomputed tables useless and keeps ids
 * from different tools unlinkable. The salt is not a secret key: it raises the cost of
 * de-anonymisation, it does not make a single guessed URL unverifiable.
 *
 * <p><b>Normalization</b> (see {@link RemoteUrl}) removes credentials, scheme, port, trailing
 * {@code .git} and slashes and lower-cases the host, so {@code git@github.com:o/r.git} and
 * {@code https://token@github.com/o/r} give the same id, and no credential ever enters a hash.
 * The remote is read from {@code .git/config} files, never by spawning git (see
 * {@link GitRemoteReader}). On Netlify, whose checkouts may lack the remote, the
 * {@code REPOSITORY_URL} variable is used as a fallback.
 *
 * <p>Immutable and thread-safe; {@link #identify} never throws.
 */
public final class RepositoryIdentity {

    /** The salt used when the tool configures none. */
    public static final String DEFAULT_SALT = "gatsby-telemetry-agent/repository-id/v1";

    private final String salt;

    /** Uses {@code salt} for every hash; null means {@link #DEFAULT_SALT}. */
    public RepositoryIdentity(String salt) {
        this.salt = salt == null ? DEFAULT_SALT : salt;
    }

    /** As {@link #identify(Path, Map)} with an empty environment. */
    public RepositoryId identify(Path cwd) {
        return identify(cwd, Map.of());
    }

    /**
     * The repository id for {@code cwd}. {@code env} supplies {@code GIT_DIR} and the Netlify
     * fallback. Never throws.
     */
    public RepositoryId identify(Path cwd, Map<String, String> env) {
        try {
            RemoteUrl remote = RemoteUrl.parse(GitRemoteReader.originUrl(cwd, env));
            if (remote == null && env != null && env.containsKey("NETLIFY")) {
                remote = RemoteUrl.parse(env.get("REPOSITORY_URL"));
            }
            if (remote != null && !remote.path().isEmpty()) {
                return fromRemote(remote);
            }
        } catch (RuntimeException e) {
            // Fall back to the directory name.
        }
        return fromDirectory(cwd);
    }

    /** The repository id for this process's working directory ({@code user.dir}) and environment. */
    public RepositoryId fromSystem() {
        try {
            return identify(Path.of(System.getProperty("user.dir", "")), System.getenv());
        } catch (RuntimeException e) {
            return fromDirectory(null);
        }
    }

    private RepositoryId fromRemote(RemoteUrl remote) {
        Map<String, String> data = new LinkedHashMap<>();
        putHashed(data, "provider", remote.host());
        putHashed(data, "owner", remote.owner());
        putHashed(data, "name", remote.name());
        return new RepositoryId("git:" + Hashing.saltedSha256(salt, remote.canonical()), data);
    }

    private RepositoryId fromDirectory(Path cwd) {
        String base = "";
        try {
            Path name = cwd == null ? null : cwd.toAbsolutePath().normalize().getFileName();
            base = name == null ? "" : name.toString();
        } catch (RuntimeException e) {
            // Unusable path: hash the empty name.
        }
        return new RepositoryId("pwd:" + Hashing.saltedSha256(salt, base), Map.of());
    }

    private void putHashed(Map<String, String> data, String key, String value) {
        if (value != null && !value.isEmpty()) {
            data.put(key, Hashing.saltedSha256(salt, value));
        }
    }
}
