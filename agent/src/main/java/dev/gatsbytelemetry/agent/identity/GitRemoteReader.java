package dev.gatsbytelemetry.agent.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the git repository containing a directory and reads its {@code remote.origin.url}, by
 * reading files only: spawning {@code git} flashed console windows on Windows for Gatsby
 * (gatsby#28258) and costs far more than reading two small files.
 *
 * <p>Discovery walks up from the working directory. At each level:
 * <ul>
 *   <li>a {@code .git} directory is the git dir;</li>
 *   <li>a {@code .git} file ({@code gitdir: <path>}, used by linked worktrees and submodules) is
 *       followed, relative to the directory holding it;</li>
 *   <li>a directory that is itself a git dir (bare repository, or inside {@code .git}) is used.</li>
 * </ul>
 * A linked worktree's git dir has a {@code commondir} file pointing at the main repository's git
 * dir, whose {@code config} holds the remotes; {@code config.worktree} in the worktree's own git
 * dir is read afterwards and may override them. When the config sets {@code core.worktree}, the
 * repository owns only that directory tree (plus the git dir): a working directory outside it is
 * not in this repository, so the walk continues upward. {@code GIT_DIR} in the environment, when
 * it names an existing directory, replaces discovery as it does for git.
 */
final class GitRemoteReader {

    private static final int MAX_DEPTH = 256;
    private static final int MAX_CONFIG_BYTES = 1024 * 1024;
    private static final int MAX_POINTER_BYTES = 4096;

    private GitRemoteReader() {}

    /** The raw {@code remote.origin.url} of the repository containing {@code cwd}, or null. Never throws. */
    static String originUrl(Path cwd, Map<String, String> env) {
        try {
            if (cwd == null) {
                return null;
            }
            Path start = cwd.toAbsolutePath().normalize();
            String gitDirVar = env == null ? null : env.get("GIT_DIR");
            if (gitDirVar != null && !gitDirVar.isBlank()) {
                Path gitDir = start.resolve(gitDirVar.trim()).normalize();
                if (Files.isDirectory(gitDir)) {
                    return remoteOf(gitDir);
                }
            }
            Path dir = start;
            for (int depth = 0; dir != null && depth < MAX_DEPTH; depth++, dir = dir.getParent()) {
                Path gitDir = gitDirAt(dir);
                if (gitDir != null && owns(gitDir, dir, start)) {
                    return remoteOf(gitDir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable repository: no remote.
        }
        return null;
    }

    /** The git dir that {@code dir} holds or is, or null. */
    private static Path gitDirAt(Path dir) throws IOException {
        Path dotGit = dir.resolve(".git");
        if (Files.isDirectory(dotGit)) {
            return dotGit;
        }
        if (Files.isRegularFile(dotGit)) {
            String pointer = readSmall(dotGit, MAX_POINTER_BYTES);
            if (pointer != null) {
                String firstLine = pointer.strip().lines().findFirst().orElse("");
                if (firstLine.startsWith("gitdir:")) {
                    Path target = dir.resolve(firstLine.substring("gitdir:".length()).trim()).normalize();
                    if (Files.isDirectory(target)) {
                        return target;
                    }
                }
            }
            return null;
        }
        if (isGitDir(dir)) {
            return dir;
        }
        return null;
    }

    private static boolean isGitDir(Path dir) {
        if (!Files.isRegularFile(dir.resolve("HEAD"))) {
            return false;
        }
        return Files.isRegularFile(dir.resolve("commondir"))
                || (Files.isDirectory(dir.resolve("objects")) && Files.isDirectory(dir.resolve("refs")));
    }

    /** Whether the repository at {@code gitDir}, found from {@code foundAt}, contains {@code cwd}. */
    private static boolean owns(Path gitDir, Path foundAt, Path cwd) throws IOException {
        if (cwd.startsWith(gitDir)) {
            return true;
        }
        GitConfig config = mergedConfig(gitDir);
        String coreWorktree = config == null ? null : config.get("core", null, "worktree");
        if (coreWorktree == null || coreWorktree.isBlank()) {
            return true; // the working tree is the directory holding .git, which contains cwd
        }
        Path workTree = gitDir.resolve(coreWorktree.trim()).normalize();
        return cwd.startsWith(workTree);
    }

    private static String remoteOf(Path gitDir) throws IOException {
        GitConfig config = mergedConfig(gitDir);
        return config == null ? null : config.get("remote", "origin", "url");
    }

    /** The common config followed by the worktree-specific one, as one config. */
    private static GitConfig mergedConfig(Path gitDir) throws IOException {
        Path commonDir = gitDir;
        Path commonPointer = gitDir.resolve("commondir");
        if (Files.isRegularFile(commonPointer)) {
            String relative = readSmall(commonPointer, MAX_POINTER_BYTES);
            if (relative != null && !relative.isBlank()) {
                commonDir = gitDir.resolve(relative.strip()).normalize();
            }
        }
        String common = readSmall(commonDir.resolve("config"), MAX_CONFIG_BYTES);
        String worktree = readSmall(gitDir.resolve("config.worktree"), MAX_CONFIG_BYTES);
        if (common == null && worktree == null) {
            return null;
        }
        return GitConfig.parse((common == null ? "" : common) + "\n" + (worktree == null ? "" : worktree));
    }

    /** The file's text when it exists and is small enough, else null. */
    private static String readSmall(Path file, int maxBytes) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                return null;
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
