package dev.gatsbytelemetry.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GitConfigTest {

    @Test
    void readsRemoteOriginUrlAmongOtherSections() {
        GitConfig config = GitConfig.parse("""
                [core]
                \trepositoryformatversion = 0
                \tbare = false
                [remote "upstream"]
                \turl = https://example.com/upstream/repo.git
                [remote "origin"]
                \turl = git@github.com:owner/repo.git
                \tfetch = +refs/heads/*:refs/remotes/origin/*
                [branch "main"]
                \tremote = origin
                """);
        assertThat(config.get("remote", "origin", "url")).isEqualTo("git@github.com:owner/repo.git");
        assertThat(config.get("remote", "upstream", "url")).isEqualTo("https://example.com/upstream/repo.git");
        assertThat(config.get("core", null, "bare")).isEqualTo("false");
        assertThat(config.get("remote", "missing", "url")).isNull();
    }

    @Test
    void commentsWhitespaceQuotesAndCase() {
        GitConfig config = GitConfig.parse("""
                # a comment
                ; another comment
                   [Remote  "origin"]   # trailing comment
                   URL   =   "https://host/o/r.git"   ; comment after value
                   pushurl = a "b  c" d  # x
                   flag
                [core] worktree = ../tree
                """);
        assertThat(config.get("remote", "origin", "url")).isEqualTo("https://host/o/r.git");
        assertThat(config.get("REMOTE", "origin", "Url")).isEqualTo("https://host/o/r.git");
        assertThat(config.get("remote", "origin", "pushurl")).isEqualTo("a b  c d");
        assertThat(config.get("remote", "origin", "flag")).isEqualTo("true");
        assertThat(config.get("core", null, "worktree")).isEqualTo("../tree");
    }

    @Test
    void subsectionIsCaseSensitiveAndEscaped() {
        GitConfig config = GitConfig.parse("[remote \"Origin\"]\nurl = a\n[remote \"we\\\"ird\"]\nurl = b\n");
        assertThat(config.get("remote", "origin", "url")).isNull();
        assertThat(config.get("remote", "Origin", "url")).isEqualTo("a");
        assertThat(config.get("remote", "we\"ird", "url")).isEqualTo("b");
    }

    @Test
    void legacySubsectionSyntax() {
        assertThat(GitConfig.parse("[remote.Origin]\nurl = x\n").get("remote", "origin", "url")).isEqualTo("x");
    }

    @Test
    void escapesContinuationsAndCrlf() {
        GitConfig config = GitConfig.parse("[remote \"origin\"]\r\n\turl = https://host/\\\r\nlong/path\r\n"
                + "\tx = \"tab\\there\" \\\\ \\\"q\\\"\r\n");
        assertThat(config.get("remote", "origin", "url")).isEqualTo("https://host/long/path");
        assertThat(config.get("remote", "origin", "x")).isEqualTo("tab\there \\ \"q\"");
    }

    @Test
    void lastValueWinsAndIncludesAreIgnored() {
        GitConfig config = GitConfig.parse("""
                [include]
                \tpath = ~/.gitconfig-other
                [remote "origin"]
                \turl = first
                [remote "origin"]
                \turl = second
                """);
        assertThat(config.get("remote", "origin", "url")).isEqualTo("second");
        assertThat(config.get("include", null, "path")).isEqualTo("~/.gitconfig-other");
    }

    @Test
    void malformedInputDoesNotThrow() {
        GitConfig config = GitConfig.parse("[unterminated\nurl = x\n[remote \"origin\nurl = y\n=== \n[ok]\nk=v\n\u0000\n");
        assertThat(config.get("ok", null, "k")).isEqualTo("v");
        assertThat(GitConfig.parse(null).get("a", null, "b")).isNull();
        assertThat(GitConfig.parse("key = before any section").get("", null, "key")).isNull();
    }
}
