package dev.gatsbytelemetry.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileConsentTest {

    @TempDir
    Path dir;

    @Test
    void readsTelemetryEnabledAndIgnoresOtherKeys() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"cli\":{\"x\":[1,2,{\"y\":null}]},\"telemetry\":{\"machineId\":\"m\",\"enabled\":false}}");
        assertThat(new ConfigFileConsent(file).get()).contains(false);
        Files.writeString(file, "{ \"telemetry\" : { \"enabled\" : true } }\n");
        assertThat(new ConfigFileConsent(file).get()).contains(true);
    }

    @Test
    void missingCorruptOrNonBooleanSaysNothing() throws Exception {
        Path file = dir.resolve("config.json");
        assertThat(new ConfigFileConsent(file).get()).isEmpty();
        Files.writeString(file, "{\"telemetry\":{\"enabled\":false");
        assertThat(new ConfigFileConsent(file).get()).isEmpty();
        Files.writeString(file, "{\"telemetry\":{\"enabled\":\"false\"}}");
        assertThat(new ConfigFileConsent(file).get()).isEmpty();
        Files.createDirectories(dir.resolve("dir.json"));
        assertThat(new ConfigFileConsent(dir.resolve("dir.json")).get()).isEmpty();
    }

    @Test
    void tinyJsonParsesValuesAndRejectsGarbage() {
        assertThat(TinyJson.parse("{\"a\":\"\\u00e9\\n\",\"b\":[true,false,null,-1.5e2]}"))
                .isEqualTo(Map.of("a", "é\n", "b", java.util.Arrays.asList(true, false, null, -150.0)));
        assertThat(TinyJson.parse("[]")).isEqualTo(List.of());
        for (String bad : new String[] {"", "{", "{\"a\" 1}", "[1,]x", "tru", "\"abc", "{\"a\":1}}", "[" .repeat(100)}) {
            assertThatThrownBy(() -> TinyJson.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void locationFollowsXdgConfigHomeElseHome() {
        assertThat(ConfigFileLocation.configFile(Map.of("XDG_CONFIG_HOME", "/x/cfg"), "/home/u"))
                .isEqualTo(Path.of("/x/cfg/gatsby/config.json"));
        assertThat(ConfigFileLocation.configFile(Map.of(), "/home/u"))
                .isEqualTo(Path.of("/home/u/.config/gatsby/config.json"));
        assertThat(ConfigFileLocation.configFile(Map.of("XDG_CONFIG_HOME", "relative"), "/home/u"))
                .as("a relative XDG_CONFIG_HOME is invalid per the XDG spec")
                .isEqualTo(Path.of("/home/u/.config/gatsby/config.json"));
    }

    @Test
    void theSameReadGivesTheMachineIdAndWhetherTheNoticeIsHandled() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"telemetry\":{\"machineId\":\" m-1 \",\"noticeShown\":true}}");
        ConfigFileFacts facts = new ConfigFileConsent(file).facts();
        assertThat(facts.machineId()).isEqualTo(" m-1 ");
        assertThat(facts.noticeHandled()).isTrue();
        assertThat(facts.enabled()).isEmpty();

        Files.writeString(file, "{\"telemetry\":{\"enabled\":true}}");
        assertThat(new ConfigFileConsent(file).facts().noticeHandled()).as("a choice needs no notice").isTrue();
        Files.writeString(file, "{\"telemetry\":{\"noticeShown\":\"true\",\"machineId\":7}}");
        ConfigFileFacts odd = new ConfigFileConsent(file).facts();
        assertThat(odd.noticeHandled()).as("only a boolean true counts").isFalse();
        assertThat(odd.machineId()).isNull();
        Files.writeString(file, "{\"telemetry\":");
        assertThat(new ConfigFileConsent(file).facts()).as("corrupt: nothing known").isSameAs(ConfigFileFacts.NONE);
        assertThat(ConfigFileFacts.NONE.noticeHandled()).isFalse();
    }
}
