package dev.gatsbytelemetry.agent.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandNamesTest {

    @Test
    void firstArgumentNotStartingWithDashIsTheCommand() {
        assertThat(name(new String[] {"--verbose", "build", "--dir", "x"})).isEqualTo("build");
        assertThat(name(new String[] {"-v", "--help"})).isEqualTo("default");
        assertThat(name(new String[] {})).isEqualTo("default");
        assertThat(CommandNames.fromArguments(null, Set.of())).isEqualTo("default");
    }

    @Test
    void stringAndCollectionArgumentsOfConfiguredEntryPointsCount() {
        assertThat(CommandNames.fromArguments(new Object[] {42, "deploy"}, Set.of())).isEqualTo("deploy");
        assertThat(CommandNames.fromArguments(new Object[] {List.of("-x", "publish")}, Set.of())).isEqualTo("publish");
    }

    @Test
    void pathsUrlsAndSentencesAreNeverCommandNames() {
        assertThat(name(new String[] {"/home/alice/secret.md"})).isEqualTo("other");
        assertThat(name(new String[] {"https://user:pw@host/x"})).isEqualTo("other");
        assertThat(name(new String[] {"hello world"})).isEqualTo("other");
        assertThat(name(new String[] {"x".repeat(41)})).isEqualTo("other");
        assertThat(name(new String[] {"gen:api-v2.1"})).isEqualTo("gen:api-v2.1");
    }

    @Test
    void allowListPicksTheFirstAllowedWordAndOtherwiseSaysOther() {
        Set<String> allowed = Set.of("build", "develop");
        assertThat(CommandNames.fromArguments(new Object[] {new String[] {"--dir", "site", "build"}}, allowed))
                .isEqualTo("build");
        assertThat(CommandNames.fromArguments(new Object[] {new String[] {"publish"}}, allowed)).isEqualTo("other");
        assertThat(CommandNames.fromArguments(new Object[] {new String[] {"--help"}}, allowed)).isEqualTo("default");
    }

    private static String name(String[] args) {
        return CommandNames.fromArguments(new Object[] {args}, Set.of());
    }
}
