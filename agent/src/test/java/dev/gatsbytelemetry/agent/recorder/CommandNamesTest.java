package dev.gatsbytelemetry.agent.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The candidates picked on the application's thread, before any check. */
class CommandNamesTest {

    @Test
    void firstWordNotFollowingAnOptionIsThePositionalCandidate() {
        CommandName name = name("build", "--dir", "x");
        assertThat(name.knownName()).isNull();
        assertThat(name.positional()).isEqualTo("build");
        assertThat(name.optionValues()).isEmpty();
    }

    @Test
    void wordsAfterSeparateOptionsAreCandidatesOnlyBeforeThePositionalOne() {
        CommandName name = name("--password", "hunter2xyz", "--verbose", "build", "deploy", "--out", "x");
        assertThat(name.optionValues()).containsExactly("hunter2xyz", "build");
        assertThat(name.positional()).isEqualTo("deploy");

        CommandName ant = name("-f", "build.xml", "compile");
        assertThat(ant.optionValues()).containsExactly("build.xml");
        assertThat(ant.positional()).isEqualTo("compile");
    }

    @Test
    void anOptionWithItsValueAttachedTakesNoWordAndDoubleDashEndsOptions() {
        CommandName name = name("--dir=site", "build");
        assertThat(name.optionValues()).isEmpty();
        assertThat(name.positional()).isEqualTo("build");
        CommandName afterDashes = name("--", "-rf");
        assertThat(afterDashes.knownName()).isEqualTo("other");
    }

    @Test
    void noWordIsDefaultAndOnlyNonWordsAreOther() {
        assertThat(name("-v", "--help").knownName()).isEqualTo("default");
        assertThat(name().knownName()).isEqualTo("default");
        assertThat(CommandNames.fromArguments(null, Set.of(), null, null).knownName()).isEqualTo("default");
        assertThat(name("/home/alice/secret.md").knownName()).isEqualTo("other");
        assertThat(name("https://user:pw@host/x").knownName()).isEqualTo("other");
        assertThat(name("hello world").knownName()).isEqualTo("other");
        assertThat(name("x".repeat(41)).knownName()).isEqualTo("other");
        assertThat(name("--token", "a/b/c").knownName()).as("a value that is no word, and nothing else").isEqualTo("other");
        assertThat(name("gen:api-v2.1").positional()).isEqualTo("gen:api-v2.1");
    }

    @Test
    void aPathAfterOptionValuesLeavesTheValuesAsCandidates() {
        CommandName name = name("--verbose", "build", "/tmp/x");
        assertThat(name.optionValues()).containsExactly("build");
        assertThat(name.positional()).isNull();
    }

    @Test
    void stringAndCollectionArgumentsOfConfiguredEntryPointsCount() {
        assertThat(CommandNames.fromArguments(new Object[] {42, "deploy"}, Set.of(), null, null).positional())
                .isEqualTo("deploy");
        assertThat(CommandNames.fromArguments(new Object[] {List.of("publish", "-x")}, Set.of(), null, null)
                .positional()).isEqualTo("publish");
    }

    @Test
    void entryClassAndLoaderAreKeptForTheCheck() {
        ClassLoader loader = getClass().getClassLoader();
        CommandName name = CommandNames.fromArguments(new Object[] {new String[] {"build"}}, Set.of(), "a.Main", loader);
        assertThat(name.entryClass()).isEqualTo("a.Main");
        assertThat(name.loader()).isSameAs(loader);
        assertThat(name.toString()).doesNotContain("build");
    }

    @Test
    void allowListPicksTheFirstAllowedWordAndOtherwiseSaysOther() {
        Set<String> allowed = Set.of("build", "develop");
        assertThat(allowed(allowed, "--dir", "site", "build")).isEqualTo("build");
        assertThat(allowed(allowed, "publish")).isEqualTo("other");
        assertThat(allowed(allowed, "--help")).isEqualTo("default");
    }

    private static String allowed(Set<String> allowList, String... args) {
        return CommandNames.fromArguments(new Object[] {args}, allowList, null, null).knownName();
    }

    private static CommandName name(String... args) {
        return CommandNames.fromArguments(new Object[] {args}, Set.of(), null, null);
    }
}
