package dev.gatsbytelemetry.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryIdentityTest {

    private static final String SALT = "test-salt";
    private final RepositoryIdentity identity = new RepositoryIdentity(SALT);

    @TempDir
    Path tmp;

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    /** A minimal non-bare repository at {@code dir} whose origin is {@code url} (null: no remote). */
    private static Path repo(Path dir, String url) throws IOException {
        String config = "[core]\n\tbare = false\n" + (url == null ? "" : "[remote \"origin\"]\n\turl = " + url + "\n");
        write(dir.resolve(".git/config"), config);
        write(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.createDirectories(dir.resolve(".git/objects"));
        Files.createDirectories(dir.resolve(".git/refs"));
        return dir;
    }

    @Test
    void gitRemoteGivesSaltedHashOfNormalizedUrl() throws Exception {
        Path root = repo(tmp.resolve("project"), "git@github.com:owner/repo.git");
        Path cwd = Files.createDirectories(root.resolve("src/main"));

        RepositoryId id = identity.identify(cwd);

        assertThat(id.id()).isEqualTo("git:" + sha256(SALT + "github.com/owner/repo"));
        assertThat(id.repositoryData()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "provider", sha256(SALT + "github.com"),
                "owner", sha256(SALT + "owner"),
                "name", sha256(SALT + "repo")));
    }

    @Test
    void scpSshAndHttpsFormsGiveTheSameId() throws Exception {
        RepositoryId scp = identity.identify(repo(tmp.resolve("a"), "git@github.com:owner/repo.git"));
        RepositoryId https = identity.identify(repo(tmp.resolve("b"), "https://github.com/owner/repo"));
        RepositoryId ssh = identity.identify(repo(tmp.resolve("c"), "ssh://git@github.com:22/owner/repo.git/"));
        assertThat(https).isEqualTo(scp);
        assertThat(ssh).isEqualTo(scp);
    }

    @Test
    void credentialsAreStrippedBeforeHashing() throws Exception {
        RepositoryId withToken = identity.identify(repo(tmp.resolve("a"), "https://user:ghp_secret@github.com/owner/repo.git"));
        RepositoryId clean = identity.identify(repo(tmp.resolve("b"), "https://github.com/owner/repo.git"));
        assertThat(withToken).isEqualTo(clean);
        assertThat(withToken.toString()).doesNotContain("ghp_secret");
    }

    @Test
    void saltChangesEveryHash() throws Exception {
        Path root = repo(tmp.resolve("p"), "https://github.com/owner/repo");
        RepositoryId a = new RepositoryIdentity("tool-a").identify(root);
        RepositoryId b = new RepositoryIdentity("tool-b").identify(root);
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.repositoryData().get("provider")).isNotEqualTo(b.repositoryData().get("provider"));
        assertThat(new RepositoryIdentity(null).identify(root))
                .isEqualTo(new RepositoryIdentity(RepositoryIdentity.DEFAULT_SALT).identify(root));
    }

    @Test
    void quotedUrlWithCommentsInRealisticConfig() throws Exception {
        Path root = tmp.resolve("q");
        repo(root, null);
        write(root.resolve(".git/config"), """
                [core]
                	repositoryformatversion = 0 ; comment
                # [remote "origin"] in a comment
                [remote "origin"]
                	url = "https://gitlab.com/group/sub/project.git"  # the real one
                	fetch = +refs/heads/*:refs/remotes/origin/*
                """);
        RepositoryId id = identity.identify(root);
        assertThat(id.id()).isEqualTo("git:" + sha256(SALT + "gitlab.com/group/sub/project"));
        assertThat(id.repositoryData().get("owner")).isEqualTo(sha256(SALT + "group/sub"));
    }

    @Test
    void linkedWorktreeReadsMainRepositoryConfigThroughCommondir() throws Exception {
        Path main = repo(tmp.resolve("main"), "git@github.com:owner/repo.git");
        Path wtGitDir = main.resolve(".git/worktrees/feature");
        write(wtGitDir.resolve("HEAD"), "ref: refs/heads/feature\n");
        write(wtGitDir.resolve("commondir"), "../..\n");
        write(wtGitDir.resolve("gitdir"), tmp.resolve("feature/.git") + "\n");
        Path worktree = tmp.resolve("feature");
        write(worktree.resolve(".git"), "gitdir: ../main/.git/worktrees/feature\n");
        Path cwd = Files.createDirectories(worktree.resolve("docs"));

        assertThat(identity.identify(cwd)).isEqualTo(identity.identify(main));
        assertThat(identity.identify(cwd).id()).startsWith("git:");
    }

    @Test
    void worktreeSpecificConfigOverridesCommonConfig() throws Exception {
        Path main = repo(tmp.resolve("main"), "git@github.com:owner/repo.git");
        Path wtGitDir = main.resolve(".git/worktrees/other");
        write(wtGitDir.resolve("HEAD"), "ref: refs/heads/other\n");
        write(wtGitDir.resolve("commondir"), "../..\n");
        write(wtGitDir.resolve("config.worktree"), "[remote \"origin\"]\n\turl = https://github.com/fork/repo\n");
        write(tmp.resolve("other/.git"), "gitdir: " + wtGitDir + "\n"); // absolute form

        assertThat(identity.identify(tmp.resolve("other")).id())
                .isEqualTo("git:" + sha256(SALT + "github.com/fork/repo"));
    }

    @Test
    void submoduleUsesItsOwnRemoteAndCoreWorktree() throws Exception {
        Path root = repo(tmp.resolve("super"), "https://github.com/owner/super");
        Path modGitDir = root.resolve(".git/modules/lib");
        write(modGitDir.resolve("config"), "[core]\n\tworktree = ../../../lib\n[remote \"origin\"]\n\turl = https://github.com/owner/lib.git\n");
        write(modGitDir.resolve("HEAD"), "0123456789abcdef0123456789abcdef01234567\n");
        Files.createDirectories(modGitDir.resolve("objects"));
        Files.createDirectories(modGitDir.resolve("refs"));
        write(root.resolve("lib/.git"), "gitdir: ../.git/modules/lib\n");
        Path cwd = Files.createDirectories(root.resolve("lib/src"));

        assertThat(identity.identify(cwd).id()).isEqualTo("git:" + sha256(SALT + "github.com/owner/lib"));
        assertThat(identity.identify(root).id()).isEqualTo("git:" + sha256(SALT + "github.com/owner/super"));
    }

    @Test
    void coreWorktreeElsewhereMeansThisRepositoryDoesNotOwnTheDirectory() throws Exception {
        Path outer = repo(tmp.resolve("outer"), "https://github.com/owner/outer");
        Path inner = repo(outer.resolve("meta"), null);
        write(inner.resolve(".git/config"),
                "[core]\n\tworktree = ../../tree\n[remote \"origin\"]\n\turl = https://github.com/owner/inner\n");
        Path cwd = Files.createDirectories(inner.resolve("notes"));

        // meta/.git manages outer/tree, not meta/notes: the enclosing repository is the right one.
        assertThat(identity.identify(cwd).id()).isEqualTo("git:" + sha256(SALT + "github.com/owner/outer"));
        // Inside the git dir itself the repository is still its own.
        assertThat(identity.identify(inner.resolve(".git/refs")).id())
                .isEqualTo("git:" + sha256(SALT + "github.com/owner/inner"));
    }

    @Test
    void gitDirEnvironmentVariable() throws Exception {
        Path elsewhere = repo(tmp.resolve("elsewhere"), "https://github.com/owner/elsewhere");
        Path cwd = Files.createDirectories(tmp.resolve("plain"));
        assertThat(identity.identify(cwd, Map.of("GIT_DIR", "../elsewhere/.git")).id())
                .isEqualTo("git:" + sha256(SALT + "github.com/owner/elsewhere"));
        assertThat(elsewhere).exists();
    }

    @Test
    void noRemoteFallsBackToDirectoryName() throws Exception {
        Path root = repo(tmp.resolve("my-site"), null);
        RepositoryId id = identity.identify(root);
        assertThat(id.id()).isEqualTo("pwd:" + sha256(SALT + "my-site"));
        assertThat(id.repositoryData()).isEmpty();
    }

    @Test
    void noRepositoryFallsBackToDirectoryName() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("just-a-dir"));
        assertThat(identity.identify(cwd).id()).isEqualTo("pwd:" + sha256(SALT + "just-a-dir"));
    }

    @Test
    void netlifyRepositoryUrlWhenNoRemote() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("build"));
        RepositoryId id = identity.identify(cwd,
                Map.of("NETLIFY", "true", "REPOSITORY_URL", "https://x-access-token:ghs_123@github.com/owner/repo"));
        assertThat(id.id()).isEqualTo("git:" + sha256(SALT + "github.com/owner/repo"));
        assertThat(identity.identify(cwd, Map.of("REPOSITORY_URL", "https://github.com/owner/repo")).id())
                .startsWith("pwd:");
    }

    @Test
    void brokenInputsNeverThrow() throws Exception {
        write(tmp.resolve("broken/.git"), "not a pointer");
        assertThat(identity.identify(tmp.resolve("broken")).id()).isEqualTo("pwd:" + sha256(SALT + "broken"));
        write(tmp.resolve("dangling/.git"), "gitdir: /does/not/exist\n");
        assertThat(identity.identify(tmp.resolve("dangling")).id()).startsWith("pwd:");
        assertThat(identity.identify(null).id()).isEqualTo("pwd:" + sha256(SALT));
        assertThat(identity.identify(tmp.resolve("missing/dir")).id()).isEqualTo("pwd:" + sha256(SALT + "dir"));
        assertThat(identity.fromSystem().id()).matches("(git|pwd):[0-9a-f]{64}");
    }
}
