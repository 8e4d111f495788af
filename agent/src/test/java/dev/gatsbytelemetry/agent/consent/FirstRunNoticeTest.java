package dev.gatsbytelemetry.agent.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.agent.config.AgentConfig;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.identity.TelemetryConfigFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstRunNoticeTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final AgentConfig enabled = AgentConfig.builder().learnMoreUrl("https://example.com/telemetry").build();

    private Path configPath() {
        return tmp.resolve("gatsby/config.json");
    }

    private boolean show(AgentConfig config, Map<String, String> env, boolean terminal) {
        return FirstRunNotice.showIfNeeded(config, env, new TelemetryConfigFile(configPath()), terminal,
                "/opt/tool/gatsby-telemetry-agent.jar", new AgentLog(err, false), err);
    }

    private String printed() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shownOnceOnAFreshMachineThenRecorded() throws Exception {
        assertThat(show(enabled, Map.of(), true)).isTrue();
        String first = printed();
        assertThat(show(enabled, Map.of(), true)).isFalse();

        assertThat(printed()).isEqualTo(first);
        assertThat(first).startsWith(FirstRunNotice.FIRST_LINE_START)
                .contains("anonymous usage data")
                .contains("java -jar /opt/tool/gatsby-telemetry-agent.jar telemetry --disable")
                .contains("GATSBY_TELEMETRY_DISABLED=1")
                .contains("https://example.com/telemetry");
        assertThat(new TelemetryConfigFile(configPath()).getBoolean(FirstRunNotice.NOTICE_SHOWN_KEY)).contains(true);
    }

    @Test
    void notShownWithoutATerminalInCiOrWhenDisabled() {
        assertThat(show(enabled, Map.of(), false)).isFalse();
        assertThat(show(enabled, Map.of("CI", "true"), true)).isFalse();
        assertThat(show(enabled, Map.of("GITHUB_ACTIONS", "true"), true)).isFalse();
        assertThat(show(AgentConfig.builder().enabled(false, "DO_NOT_TRACK").build(), Map.of(), true)).isFalse();

        assertThat(printed()).isEmpty();
        assertThat(configPath()).doesNotExist();
    }

    @Test
    void notShownWhenTheUserAlreadyChose() throws Exception {
        Files.createDirectories(configPath().getParent());
        Files.writeString(configPath(), "{\"telemetry\":{\"enabled\":true,\"machineId\":\"m\"}}");
        byte[] before = Files.readAllBytes(configPath());

        assertThat(show(enabled, Map.of(), true)).isFalse();

        assertThat(printed()).isEmpty();
        assertThat(Files.readAllBytes(configPath())).isEqualTo(before);
    }

    @Test
    void anExistingFileGetsTheMarkerAndKeepsItsKeys() throws Exception {
        Files.createDirectories(configPath().getParent());
        Files.writeString(configPath(), "{\"telemetry\":{\"machineId\":\"m-1\"},\"other\":{\"x\":1}}");

        assertThat(show(enabled, Map.of(), true)).isTrue();
        assertThat(show(enabled, Map.of(), true)).isFalse();

        TelemetryConfigFile file = new TelemetryConfigFile(configPath());
        assertThat(file.getString("telemetry.machineId")).contains("m-1");
        assertThat(file.read().has("other.x")).isTrue();
        assertThat(file.getBoolean(FirstRunNotice.NOTICE_SHOWN_KEY)).contains(true);
    }

    @Test
    void aCorruptConfigStillInformsTheUserAndIsLeftAlone() throws Exception {
        Files.createDirectories(configPath().getParent());
        Files.writeString(configPath(), "{broken");

        assertThat(show(enabled, Map.of(), true)).isTrue();

        assertThat(printed()).contains(FirstRunNotice.FIRST_LINE_START);
        assertThat(Files.readString(configPath())).isEqualTo("{broken");
    }

    @Test
    void anUnwritableConfigNeverThrows() throws Exception {
        Files.writeString(tmp.resolve("gatsby"), "a file, not a directory");

        assertThat(show(enabled, Map.of(), true)).isTrue();
        assertThat(printed()).contains(FirstRunNotice.FIRST_LINE_START);
    }

    @Test
    void concurrentFirstRunsPrintItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit((Callable<Boolean>) () -> show(enabled, Map.of(), true)));
            }
            int shown = 0;
            for (Future<Boolean> result : results) {
                shown += result.get() ? 1 : 0;
            }
            assertThat(shown).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theToolIsNamedWhenConfigured() {
        String text = FirstRunNotice.text(AgentConfig.builder().component("sitegen").build(), "/a b/agent.jar");
        assertThat(text).startsWith("Telemetry notice: sitegen collects")
                .contains("java -jar '/a b/agent.jar' telemetry --disable");
    }

    @Test
    void publicEntryPointNeverThrowsAndNeedsATerminal() {
        // Surefire's JVM has no console, so nothing is shown and nothing is written.
        assertThat(FirstRunNotice.showIfNeeded(enabled, Map.of("XDG_CONFIG_HOME", tmp.toString()), null, err)).isFalse();
        assertThat(FirstRunNotice.showIfNeeded(null, null, null)).isFalse();
        assertThat(tmp.resolve("gatsby")).doesNotExist();
    }
}
