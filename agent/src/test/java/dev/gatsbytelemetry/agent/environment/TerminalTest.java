package dev.gatsbytelemetry.agent.environment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTest {

    /** Surefire runs tests in a forked JVM whose standard streams are pipes. */
    @Test
    void aForkedTestJvmIsNotAtATerminal() {
        assertThat(Terminal.interactive()).isFalse();
    }
}
