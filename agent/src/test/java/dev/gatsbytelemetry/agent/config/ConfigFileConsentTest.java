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

    /** The agent's folder and Gatsby's file, as in {@code $XDG_CONFIG_HOME}. */
    private Path agent() throws Exception {
        Path folder = dir.resolve("gatsby-telemetry-agent");
        Files.createDirectories(folder);
        return folder;
    }

    private Path gatsby() {
        return dir.resolve("gatsby").resolve("config.json");
    }

    private ConfigFileConsent consent() throws Exception {
        return new ConfigFileConsent(agent(), gatsby());
    }

    @Test
    void readsTelemetryEnabledAndIgnoresOtherKeys() throws Exception {
        Path file = agent().resolve("config.json");
        Files.writeString(file, "{\"cli\":{\"x\":[1,2,{\"y\":null}]},\"telemetry\":{\"machineId\":\"m\",\"enabled\":false}}");
        assertThat(consent().get()).contains(false);
        Files.writeString(file, "{ \"telemetry\" : { \"enabled\" : true } }\n");
        assertThat(consent().get()).contains(true);
    }

    @Test
    void missingOrNonBooleanSaysNothing() throws Exception {
        Path file = agent().resolve("config.json");
        assertThat(consent().get()).isEmpty();
        Files.writeString(file, "{\"telemetry\":{\"enabled\":\"false\"}}");
        assertThat(consent().get()).isEmpty();
    }

    @Test
    void anExistingFileThatCannotBeReadMeansOff() throws Exception {
        Path file = agent().resolve("config.json");
        Files.writeString(file, "{\"telemetry\":{\"enabled\":false");
        ConfigFileConsent truncated = consent();
        assertThat(truncated.get()).as("not valid JSON: fail closed").contains(false);
        assertThat(truncated.decidedBy()).contains("cannot be read");
        assertThat(truncated.facts().unreadable()).contains(file.toString());
        Files.writeString(file, "[1]");
        assertThat(consent().get()).as("not an object").contains(false);
        Files.delete(file);
        Files.createDirectories(file);
        assertThat(consent().get()).as("a folder in its place").contains(false);
        Files.delete(file);
        Files.write(file, new byte[ConfigFileConsent.MAX_BYTES + 1]);
        assertThat(consent().get()).as("too large").contains(false);
    }

    @Test
    void gatsbysFileCountsOnlyForANo() throws Exception {
        Files.createDirectories(gatsby().getParent());
        Files.writeString(gatsby(), "{\"telemetry\":{\"enabled\":true,\"machineId\":\"gatsby-id\"}}");
        ConfigFileConsent yes = consent();
        assertThat(yes.get()).as("Gatsby's true means nothing").isEmpty();
        assertThat(yes.facts().noticeHandled()).as("nor does it count as having chosen").isFalse();
        assertThat(yes.facts().machineId("gatsby-id")).isNull();

        Files.writeString(gatsby(), "{\"telemetry\":{\"enabled\":false}}");
        assertThat(consent().get()).contains(false);
        assertThat(consent().decidedBy()).contains("Gatsby");
        Files.writeString(agent().resolve("config.json"), "{\"telemetry\":{\"enabled\":true}}");
        assertThat(consent().get()).as("any no wins, even over the agent's own yes").contains(false);
    }

    @Test
    void aLinkedConfigFileIsNotFollowed() throws Exception {
        Path elsewhere = dir.resolve("elsewhere.json");
        Files.writeString(elsewhere, "{\"telemetry\":{\"enabled\":true}}");
        Files.createSymbolicLink(agent().resolve("config.json"), elsewhere);
        ConfigFileConsent linked = consent();
        assertThat(linked.get()).as("a link in the config's place cannot be read: off").contains(false);
        assertThat(linked.facts().unreadable()).contains("symbolic link");
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
                .isEqualTo(Path.of("/x/cfg/gatsby-telemetry-agent/config.json"));
        assertThat(ConfigFileLocation.configFile(Map.of(), "/home/u"))
                .isEqualTo(Path.of("/home/u/.config/gatsby-telemetry-agent/config.json"));
        assertThat(ConfigFileLocation.configFile(Map.of("XDG_CONFIG_HOME", "relative"), "/home/u"))
                .as("a relative XDG_CONFIG_HOME is invalid per the XDG spec")
                .isEqualTo(Path.of("/home/u/.config/gatsby-telemetry-agent/config.json"));
        assertThat(ConfigFileLocation.gatsbyConfigFile(Map.of("XDG_CONFIG_HOME", "/x/cfg"), "/home/u"))
                .isEqualTo(Path.of("/x/cfg/gatsby/config.json"));
    }

    @Test
    void theSameReadGivesEachToolsMachineIdAndWhetherTheNoticeIsHandled() throws Exception {
        Path file = agent().resolve("config.json");
        Files.writeString(file, "{\"telemetry\":{\"noticeShown\":true},"
                + "\"machineIds\":{\"sitegen\":\" m-1 \",\"com_example_Main\":\"m-2\"}}");
        ConfigFileFacts facts = consent().facts();
        assertThat(facts.machineId("sitegen")).isEqualTo(" m-1 ");
        assertThat(facts.machineId("com.example.Main")).as("dots are kept as _ in the key").isEqualTo("m-2");
        assertThat(facts.machineId("other")).isNull();
        assertThat(facts.noticeHandled()).isTrue();
        assertThat(facts.enabled()).isEmpty();

        Files.writeString(file, "{\"telemetry\":{\"enabled\":true}}");
        assertThat(consent().facts().noticeHandled()).as("a choice needs no notice").isTrue();
        Files.writeString(file, "{\"telemetry\":{\"noticeShown\":\"true\"},\"machineIds\":{\"t\":7}}");
        ConfigFileFacts odd = consent().facts();
        assertThat(odd.noticeHandled()).as("only a boolean true counts").isFalse();
        assertThat(odd.machineId("t")).isNull();
        assertThat(ConfigFileFacts.NONE.noticeHandled()).isFalse();
    }
}
