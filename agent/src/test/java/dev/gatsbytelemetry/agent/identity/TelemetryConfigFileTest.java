package dev.gatsbytelemetry.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryConfigFileTest {

    @TempDir
    Path dir;

    private Path configPath() {
        return dir.resolve("gatsby").resolve("config.json");
    }

    private TelemetryConfigFile config() {
        return new TelemetryConfigFile(configPath());
    }

    private void writeRaw(String content) throws IOException {
        Files.createDirectories(configPath().getParent());
        Files.writeString(configPath(), content);
    }

    @Test
    void defaultLocationPrefersAbsoluteXdgConfigHome() {
        assertThat(TelemetryConfigFile.defaultLocation(Map.of("XDG_CONFIG_HOME", "/xdg"), "/home/u"))
                .isEqualTo(Path.of("/xdg", "gatsby-telemetry-agent", "config.json"));
        assertThat(TelemetryConfigFile.defaultLocation(Map.of("XDG_CONFIG_HOME", "relative/dir"), "/home/u"))
                .isEqualTo(Path.of("/home/u", ".config", "gatsby-telemetry-agent", "config.json"));
        assertThat(TelemetryConfigFile.defaultLocation(Map.of("XDG_CONFIG_HOME", " "), "/home/u"))
                .isEqualTo(Path.of("/home/u", ".config", "gatsby-telemetry-agent", "config.json"));
        assertThat(TelemetryConfigFile.defaultLocation(Map.of(), "/home/u"))
                .isEqualTo(Path.of("/home/u", ".config", "gatsby-telemetry-agent", "config.json"));
        assertThat(TelemetryConfigFile.defaultLocation(null, null)).isNull();
    }

    @Test
    void overrideWinsOverDefaultLocation() {
        Path override = dir.resolve("custom.json");
        assertThat(TelemetryConfigFile.locate(override, Map.of("XDG_CONFIG_HOME", "/xdg"), "/home/u").path())
                .isEqualTo(override.toAbsolutePath());
        assertThat(TelemetryConfigFile.locate(null, Map.of("XDG_CONFIG_HOME", "/xdg"), "/home/u").path())
                .isEqualTo(Path.of("/xdg", "gatsby-telemetry-agent", "config.json"));
    }

    @Test
    void noLocationFailsWithReadableMessage() {
        TelemetryConfigFile nowhere = TelemetryConfigFile.locate(null, Map.of(), null);
        assertThatThrownBy(nowhere::read).isInstanceOfSatisfying(ConfigFileException.class,
                e -> assertThat(e.kind()).isEqualTo(ConfigFileException.Kind.IO));
    }

    @Test
    void absentFileReadsAsEmpty() throws Exception {
        ConfigSnapshot snapshot = config().read();
        assertThat(snapshot.exists()).isFalse();
        assertThat(snapshot.getString("telemetry.machineId")).isEmpty();
        assertThat(config().getBoolean("telemetry.enabled")).isEmpty();
    }

    @Test
    void readsNestedKeysInGatsbysLayout() throws Exception {
        writeRaw("{\"telemetry\": {\"machineId\": \"abc\", \"enabled\": false, \"askedAt\": 3},"
                + " \"cli\": {\"packageManager\": \"yarn\"}}");
        assertThat(config().getString("telemetry.machineId")).contains("abc");
        assertThat(config().getBoolean("telemetry.enabled")).contains(false);
        assertThat(config().getString("cli.packageManager")).contains("yarn");
        assertThat(config().getString("telemetry.enabled")).isEmpty();   // not a string
        assertThat(config().getString("telemetry.askedAt")).isEmpty();
        assertThat(config().getString("telemetry.machineId.deeper")).isEmpty();
        assertThat(config().getString("")).isEmpty();
        assertThat(config().getString("telemetry..machineId")).isEmpty();
    }

    @Test
    void booleanFromHandEditedString() throws Exception {
        writeRaw("{\"telemetry\": {\"enabled\": \"FALSE\", \"other\": \"maybe\"}}");
        assertThat(config().getBoolean("telemetry.enabled")).contains(false);
        assertThat(config().getBoolean("telemetry.other")).isEmpty();
    }

    @Test
    void updateCreatesDirectoriesAndNestedKeys() throws Exception {
        UpdateResult result = config().update(Map.of("telemetry.machineId", "id-1", "telemetry.enabled", true));
        assertThat(result.written()).isTrue();
        assertThat(result.movedAside()).isNull();
        assertThat(result.after().getString("telemetry.machineId")).contains("id-1");
        assertThat(Files.readString(configPath())).contains("\"telemetry\"").contains("\"machineId\": \"id-1\"");
        assertThat(config().getBoolean("telemetry.enabled")).contains(true);
    }

    @Test
    void updatePreservesUnknownKeys() throws Exception {
        writeRaw("{\"cli\": {\"packageManager\": \"npm\"}, \"list\": [1, {\"x\": null}],"
                + " \"telemetry\": {\"machineId\": \"old\", \"futureKey\": {\"deep\": 1.5}}}");
        config().update(Map.of("telemetry.machineId", "new"));
        String json = Files.readString(configPath());
        assertThat(config().getString("cli.packageManager")).contains("npm");
        assertThat(config().getString("telemetry.machineId")).contains("new");
        assertThat(json).contains("\"futureKey\"").contains("1.5").contains("\"list\"").contains("\"x\": null");
    }

    @Test
    void noWriteWhenNothingChanges() throws Exception {
        config().update(Map.of("telemetry.machineId", "same", "telemetry.enabled", true, "n", 5L));
        FileTime old = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(configPath(), old);
        Object fileKey = Files.readAttributes(configPath(), BasicFileAttributes.class).fileKey();

        UpdateResult result = config().update(Map.of("telemetry.machineId", "same", "telemetry.enabled", true, "n", 5));

        assertThat(result.written()).isFalse();
        assertThat(Files.getLastModifiedTime(configPath())).isEqualTo(old);
        assertThat(Files.readAttributes(configPath(), BasicFileAttributes.class).fileKey()).isEqualTo(fileKey);
        assertThat(leftoverTempFiles()).isEmpty();
    }

    @Test
    void unchangedUpdateCreatesNoDirectoryOrLockFile() throws Exception {
        assertThat(config().update(Map.of()).written()).isFalse();
        assertThat(configPath().getParent()).doesNotExist();
        writeRaw("{\"telemetry\": {\"enabled\": true}}");
        assertThat(config().update(Map.of("telemetry.enabled", true)).written()).isFalse();
        assertThat(configPath().resolveSibling("config.json.lock")).doesNotExist();
    }

    @Test
    void noFileCreatedForEmptyChanges() throws Exception {
        assertThat(config().update(Map.of()).written()).isFalse();
        Map<String, Object> removal = new HashMap<>();
        removal.put("telemetry.machineId", null);
        assertThat(config().update(removal).written()).isFalse();
        assertThat(configPath()).doesNotExist();
    }

    @Test
    void nullValueRemovesKey() throws Exception {
        writeRaw("{\"telemetry\": {\"machineId\": \"x\", \"enabled\": true}}");
        Map<String, Object> removal = new HashMap<>();
        removal.put("telemetry.machineId", null);
        assertThat(config().update(removal).written()).isTrue();
        assertThat(config().getString("telemetry.machineId")).isEmpty();
        assertThat(config().getBoolean("telemetry.enabled")).contains(true);
    }

    @Test
    void nonObjectIntermediateIsReplaced() throws Exception {
        writeRaw("{\"telemetry\": \"oops\"}");
        config().update(Map.of("telemetry.enabled", false));
        assertThat(config().getBoolean("telemetry.enabled")).contains(false);
    }

    @Test
    void invalidKeysAndValuesAreProgrammingErrors() {
        assertThatThrownBy(() -> config().update(Map.of("a..b", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config().update(Map.of("a", List.of()))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blankFileReadsAsEmptyObject() throws Exception {
        writeRaw("  \n");
        ConfigSnapshot snapshot = config().read();
        assertThat(snapshot.exists()).isTrue();
        assertThat(snapshot.getString("telemetry.machineId")).isEmpty();
    }

    @Test
    void corruptFileIsReportedWithPosition() throws IOException {
        writeRaw("{\"telemetry\": {\"machineId\": \"abc\",}\n");
        assertThatThrownBy(() -> config().read()).isInstanceOfSatisfying(ConfigFileException.class, e -> {
            assertThat(e.kind()).isEqualTo(ConfigFileException.Kind.CORRUPT);
            assertThat(e.path()).isEqualTo(configPath().toAbsolutePath());
            assertThat(e.getMessage()).contains("not valid JSON").contains("line 1");
        });
    }

    @Test
    void nonObjectRootOrTrailingGarbageIsCorrupt() throws IOException {
        for (String content : new String[] {"[]", "\"text\"", "42", "{} {}", "{\"a\":1} trailing"}) {
            writeRaw(content);
            assertThatThrownBy(() -> config().read()).as(content).isInstanceOfSatisfying(ConfigFileException.class,
                    e -> assertThat(e.kind()).isEqualTo(ConfigFileException.Kind.CORRUPT));
        }
    }

    @Test
    void updateMovesCorruptFileAsideAndStartsFresh() throws Exception {
        writeRaw("{not json");
        UpdateResult result = config().update(Map.of("telemetry.enabled", true));
        assertThat(result.written()).isTrue();
        assertThat(result.movedAside()).isNotNull();
        assertThat(result.movedAside().getFileName().toString()).startsWith("config.json.corrupt-");
        assertThat(Files.readString(result.movedAside())).isEqualTo("{not json");
        assertThat(config().getBoolean("telemetry.enabled")).contains(true);
    }

    @Test
    void updateCanRefuseToTouchCorruptFile() throws IOException {
        writeRaw("{not json");
        assertThatThrownBy(() -> config().update(c -> Map.of("a", "b"), TelemetryConfigFile.OnCorrupt.FAIL))
                .isInstanceOfSatisfying(ConfigFileException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConfigFileException.Kind.CORRUPT));
        assertThat(Files.readString(configPath())).isEqualTo("{not json");
        try (Stream<Path> files = Files.list(configPath().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("corrupt"));
        }
    }

    @Test
    void computedUpdateSeesContentReadUnderTheLock() throws Exception {
        writeRaw("{\"telemetry\": {\"machineId\": \"first\"}}");
        UpdateResult result = config().update(
                current -> current.getString("telemetry.machineId").isPresent()
                        ? Map.of() : Map.of("telemetry.machineId", "second"),
                TelemetryConfigFile.OnCorrupt.FAIL);
        assertThat(result.written()).isFalse();
        assertThat(result.after().getString("telemetry.machineId")).contains("first");
    }

    @Test
    void directoryInPlaceOfFileIsAnIoProblem() throws IOException {
        Files.createDirectories(configPath());
        assertThatThrownBy(() -> config().read()).isInstanceOfSatisfying(ConfigFileException.class,
                e -> assertThat(e.kind()).isEqualTo(ConfigFileException.Kind.IO));
    }

    @Test
    void readOnlyDirectoryIsAnIoProblem() throws Exception {
        Path parent = configPath().getParent();
        Files.createDirectories(parent);
        ReadOnly.makeReadOnlyOrSkip(parent);
        try {
            assertThatThrownBy(() -> config().update(Map.of("telemetry.enabled", true)))
                    .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ConfigFileException.Kind.IO);
                        assertThat(e.getMessage()).contains(configPath().toString());
                    });
            assertThat(config().getString("telemetry.machineId")).isEqualTo(Optional.empty());
        } finally {
            ReadOnly.restore(parent);
        }
    }

    private List<String> leftoverTempFiles() throws IOException {
        try (Stream<Path> files = Files.list(configPath().getParent())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }
}
