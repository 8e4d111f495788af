package dev.gatsbytelemetry.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineIdProviderTest {

    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @TempDir
    Path dir;

    private Path configPath() {
        return dir.resolve("gatsby").resolve("config.json");
    }

    private void writeRaw(String content) throws IOException {
        Files.createDirectories(configPath().getParent());
        Files.writeString(configPath(), content);
    }

    @Test
    void generatesAndPersistsUuidOnFreshMachine() throws Exception {
        MachineId id = new MachineIdProvider(new TelemetryConfigFile(configPath()), "tool").get();
        assertThat(id.value()).matches(UUID_V4);
        assertThat(id.persisted()).isTrue();
        assertThat(id.problem()).isNull();
        assertThat(new TelemetryConfigFile(configPath()).getString(MachineIdProvider.key("tool"))).contains(id.value());
        // A later start reads the same id.
        assertThat(new MachineIdProvider(new TelemetryConfigFile(configPath()), "tool").get()).isEqualTo(id);
    }

    @Test
    void eachToolGetsItsOwnUnrelatedId() throws Exception {
        MachineId sitegen = new MachineIdProvider(new TelemetryConfigFile(configPath()), "sitegen").get();
        MachineId dotted = new MachineIdProvider(new TelemetryConfigFile(configPath()), "com.example.Tool").get();
        assertThat(sitegen.persisted()).isTrue();
        assertThat(dotted.persisted()).isTrue();
        assertThat(sitegen.value()).isNotEqualTo(dotted.value());
        assertThat(new MachineIdProvider(new TelemetryConfigFile(configPath()), "sitegen").get()).isEqualTo(sitegen);
        assertThat(new TelemetryConfigFile(configPath()).getString("machineIds.com_example_Tool")).contains(dotted.value());
    }

    @Test
    void existingIdIsReturnedAndFileUntouched() throws Exception {
        writeRaw("{\"machineIds\":{\"tool\":\"existing-id\"},\"telemetry\":{\"machineId\":\"gatsby-style\"},\"other\":1}");
        String before = Files.readString(configPath());
        MachineId id = new MachineIdProvider(new TelemetryConfigFile(configPath()), "tool").get();
        assertThat(id).isEqualTo(new MachineId("existing-id", true, null));
        assertThat(Files.readString(configPath())).isEqualTo(before);
    }

    @Test
    void nonStringOrBlankIdIsReplacedKeepingOtherKeys() throws Exception {
        for (String bad : new String[] {"42", "\"  \"", "null", "{}"}) {
            writeRaw("{\"machineIds\":{\"tool\":" + bad + "},\"telemetry\":{\"enabled\":true},\"other\":1}");
            MachineId id = new MachineIdProvider(new TelemetryConfigFile(configPath()), "tool").get();
            assertThat(id.value()).as(bad).matches(UUID_V4);
            assertThat(id.persisted()).isTrue();
            TelemetryConfigFile file = new TelemetryConfigFile(configPath());
            assertThat(file.getString(MachineIdProvider.key("tool"))).contains(id.value());
            assertThat(file.getBoolean("telemetry.enabled")).contains(true);
            assertThat(file.read().has("other")).isTrue();
        }
    }

    @Test
    void usesInjectedRandomSource() {
        MachineId a = new MachineIdProvider(new TelemetryConfigFile(dir.resolve("a/config.json")), "tool", new Random(7)).get();
        MachineId b = new MachineIdProvider(new TelemetryConfigFile(dir.resolve("b/config.json")), "tool", new Random(7)).get();
        assertThat(a.value()).isEqualTo(b.value()).matches(UUID_V4);
    }

    @Test
    void corruptFileGivesTemporaryIdAndIsLeftAlone() throws Exception {
        writeRaw("{\"telemetry\": ");
        MachineId id = new MachineIdProvider(new TelemetryConfigFile(configPath()), "tool").get();
        assertThat(id.value()).startsWith(MachineIdProvider.FALLBACK_PREFIX);
        assertThat(id.value().substring(MachineIdProvider.FALLBACK_PREFIX.length())).matches(UUID_V4);
        assertThat(id.persisted()).isFalse();
        assertThat(id.problem()).contains("not valid JSON").contains(configPath().toString());
        assertThat(Files.readString(configPath())).isEqualTo("{\"telemetry\": ");
    }

    @Test
    void unwritableDirectoryGivesTemporaryId() throws IOException {
        Path parent = configPath().getParent();
        Files.createDirectories(parent);
        ReadOnly.makeReadOnlyOrSkip(parent);
        try {
            MachineId id = new MachineIdProvider(new TelemetryConfigFile(configPath()), "tool").get();
            assertThat(id.value()).startsWith(MachineIdProvider.FALLBACK_PREFIX);
            assertThat(id.persisted()).isFalse();
            assertThat(id.problem()).contains("cannot be written");
        } finally {
            ReadOnly.restore(parent);
        }
    }

    @Test
    void missingLocationGivesTemporaryId() {
        MachineId id = new MachineIdProvider(TelemetryConfigFile.locate(null, java.util.Map.of(), null), "tool").get();
        assertThat(id.value()).startsWith(MachineIdProvider.FALLBACK_PREFIX);
        assertThat(id.problem()).contains("no location");
        assertThat(new MachineIdProvider(null, "tool").get().persisted()).isFalse();
    }

    @Test
    void resultIsCachedPerProvider() throws Exception {
        writeRaw("{\"telemetry\": ");
        MachineIdProvider provider = new MachineIdProvider(new TelemetryConfigFile(configPath()), "tool");
        assertThat(provider.get()).isSameAs(provider.get());
    }

    @Test
    void threadsRacingInOneJvmAgree() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<MachineId>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return new MachineIdProvider(new TelemetryConfigFile(configPath()), "tool").get();
                }));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<MachineId> result : results) {
                MachineId id = result.get(30, TimeUnit.SECONDS);
                assertThat(id.persisted()).isTrue();
                ids.add(id.value());
            }
            assertThat(ids).hasSize(1);
            assertThat(new TelemetryConfigFile(configPath()).getString(MachineIdProvider.key("tool"))).contains(ids.iterator().next());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoJvmsStartingTogetherOnAFreshMachineAgree() throws Exception {
        for (int round = 0; round < 4; round++) {
            Path config = dir.resolve("race-" + round).resolve("gatsby").resolve("config.json");
            Path go = dir.resolve("go-" + round);
            Process first = startChild(config, go);
            Process second = startChild(config, go);
            try {
                BufferedReader firstOut = reader(first);
                BufferedReader secondOut = reader(second);
                assertThat(firstOut.readLine()).isEqualTo("ready");
                assertThat(secondOut.readLine()).isEqualTo("ready");
                Files.createFile(go);

                String firstLine = firstOut.readLine();
                String secondLine = secondOut.readLine();
                assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(first.exitValue()).as(stderr(first)).isZero();
                assertThat(second.exitValue()).as(stderr(second)).isZero();

                assertThat(firstLine).startsWith("id=").endsWith("persisted=true problem=null");
                assertThat(secondLine).isEqualTo(firstLine);
                String id = firstLine.substring(3, firstLine.indexOf(' '));
                assertThat(id).matches(UUID_V4);
                assertThat(new TelemetryConfigFile(config).getString(MachineIdProvider.key("tool"))).contains(id);
            } finally {
                first.destroyForcibly();
                second.destroyForcibly();
            }
        }
    }

    private static Process startChild(Path config, Path go) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                MachineIdRaceMain.class.getName(), config.toString(), go.toString())
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static String stderr(Process process) {
        try {
            return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void anIdAlreadyReadAtStartupIsUsedWhenValidElseTheFileIsAsked() {
        MachineId stored = MachineIdProvider.stored("  5cc7fa01-8913-4a1a-aea8-bd1fa301a927 ");
        assertThat(stored.value()).isEqualTo("5cc7fa01-8913-4a1a-aea8-bd1fa301a927");
        assertThat(stored.persisted()).isTrue();
        assertThat(stored.problem()).isNull();
        assertThat(MachineIdProvider.stored(null)).isNull();
        assertThat(MachineIdProvider.stored("  ")).isNull();
        assertThat(MachineIdProvider.stored("x".repeat(257))).as("the provider's own length limit").isNull();
    }
}
