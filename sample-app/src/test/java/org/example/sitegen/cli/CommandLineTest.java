package org.example.sitegen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void optionsMayComeBeforeOrAfterTheCommand() {
        CommandLine cli = CommandLine.parse("--pages", "200", "new", "blog", "--title=Dev Notes");
        assertThat(cli.command()).contains("new");
        assertThat(cli.operands()).containsExactly("blog");
        assertThat(cli.intOption("pages", 3, 0, 1000)).isEqualTo(200);
        assertThat(cli.option("title")).contains("Dev Notes");
    }

    @Test
    void doubleDashEndsOptions() {
        assertThat(CommandLine.parse("new", "--", "--weird-dir").operands()).containsExactly("--weird-dir");
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndMisplacedOptions() {
        assertThatThrownBy(() -> CommandLine.parse("build", "--fast")).hasMessage("unknown option '--fast'");
        assertThatThrownBy(() -> CommandLine.parse("build", "--dir")).hasMessage("option '--dir' needs a value");
        assertThatThrownBy(() -> CommandLine.parse("build", "--pages", "2").expect(Set.of("dir"), 0, 0))
                .hasMessage("option '--pages' does not apply to 'build'");
        assertThatThrownBy(() -> CommandLine.parse("--port", "http").intOption("port", 8000, 0, 65535))
                .isInstanceOf(UsageException.class);
    }
}
