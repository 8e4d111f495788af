package dev.gatsbytelemetry.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComponentInfoWhitespaceTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "app.jar", "app.jar build", "a.b.Main\tx", "mod/a.Main  --flag", " lead", "\nx y",
            "a\u000Bb", "a\fb", "a\rb", "x\u00a0y z"})
    void beforeWhitespaceIsWhatTheRegexSplitGave(String command) {
        assertThat(ComponentInfo.beforeWhitespace(command)).isEqualTo(command.split("\\s+", 2)[0]);
    }
}
