package dev.gatsbytelemetry.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's settings table is the user's reference: every setting the parser reads must be in it. */
class SettingsDocumentedTest {

    @Test
    void everySettingHasARowInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (Setting setting : Setting.values()) {
            String row = "| " + (setting.environmentVariable() == null ? "—" : "`" + setting.environmentVariable() + "`")
                    + " | " + (setting.agentArgument() == null ? "—" : "`" + setting.agentArgument() + "`") + " |";
            assertThat(readme).as(setting.name()).contains(row);
        }
    }
}
