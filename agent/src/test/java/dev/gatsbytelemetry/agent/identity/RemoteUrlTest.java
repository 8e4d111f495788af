package dev.gatsbytelemetry.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://h/p", "git+ssh://h", "a://", "A1+.-z://x", "1a://x", "://x", "a:/x", "a:x//y",
            "ab c://x", "h:p://x", "file:///tmp/r", "x", "", "a_b://x", "\u00e9://x", "s://a\nb"})
    void schemeEndMatchesTheRfcSchemePattern(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$",
                java.util.regex.Pattern.DOTALL).matcher(url);

        assertThat(RemoteUrl.schemeEnd(url)).isEqualTo(m.matches() ? m.end(1) : -1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "//", "a//b///c", "/a/", "a", "x////", "a/b/c"})
    void singleSlashesIsTheRegexReplacement(String path) {
        assertThat(RemoteUrl.singleSlashes(path)).isEqualTo(path.replaceAll("/{2,}", "/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "git@github.com:owner/repo.git",
            "github.com:owner/repo",
            "ssh://git@github.com/owner/repo.git",
            "ssh://git@github.com:22/owner/repo",
            "ssh://git@ssh.github.com:443/owner/repo.git",
            "git+ssh://git@github.com/owner/repo.git",
            "https://github.com/owner/repo",
            "https://github.com/owner/repo.git",
            "https://github.com/owner/repo/",
            "https://GitHub.COM/owner/repo.git/",
            "https://user@github.com/owner/repo.git",
            "https://user:s3cret-token@github.com/owner/repo.git",
            "https://x-access-token:ghs_abc@github.com:443/owner/repo.git",
            "http://github.com//owner//repo?ref=main#frag",
            "git://github.com/owner/repo",
            "  https://github.com/owner/repo.git  "})
    void sameRepositoryWhateverTheForm(String url) {
        RemoteUrl remote = RemoteUrl.parse(url);
        assertThat(remote.canonical()).isEqualTo("github.com/owner/repo");
        assertThat(remote.host()).isEqualTo("github.com");
        assertThat(remote.owner()).isEqualTo("owner");
        assertThat(remote.name()).isEqualTo("repo");
    }

    @ParameterizedTest
    @CsvSource({
            "https://gitlab.com/group/sub/project.git, gitlab.com/group/sub/project, group/sub, project",
            "git@gitlab.com:group/sub/project.git, gitlab.com/group/sub/project, group/sub, project",
            "https://org@dev.azure.com/org/proj/_git/repo, dev.azure.com/org/proj/repo, org/proj, repo",
            "git@ssh.dev.azure.com:v3/org/proj/repo, dev.azure.com/org/proj/repo, org/proj, repo",
            "ssh://git@[::1]:2222/team/app.git, [::1]/team/app, team, app",
            "https://host.example/solo.git, host.example/solo, , solo"})
    void hostsAndPaths(String url, String canonical, String owner, String name) {
        RemoteUrl remote = RemoteUrl.parse(url);
        assertThat(remote.canonical()).isEqualTo(canonical);
        assertThat(remote.owner()).isEqualTo(owner);
        assertThat(remote.name()).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource({
            "/srv/git/project.git, file:srv/git/project",
            "file:///srv/git/project.git, file:srv/git/project",
            "../sibling/, file:../sibling",
            "C:\\repos\\project.git, file:C:/repos/project"})
    void localPaths(String url, String canonical) {
        RemoteUrl remote = RemoteUrl.parse(url);
        assertThat(remote.host()).isNull();
        assertThat(remote.canonical()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankIsNull(String url) {
        assertThat(RemoteUrl.parse(url)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://user:tok@en@github.com/owner/repo",
            "user:password@github.com:owner/repo.git"})
    void oddCredentialsStillStripped(String url) {
        assertThat(RemoteUrl.parse(url).canonical()).isEqualTo("github.com/owner/repo").doesNotContain("tok");
    }
}
