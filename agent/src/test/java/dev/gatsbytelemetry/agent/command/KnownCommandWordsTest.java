package dev.gatsbytelemetry.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-word decisions kept between runs: keyed by every input, private, bounded, authenticated. */
class KnownCommandWordsTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    private static final String BUILD = "agent-build-1";

    @TempDir
    static Path tools;
    private static CompiledTool tool;
    private static CompiledTool other;
    @TempDir
    Path dir;
    private Path state;
    private Path file;
    private ToolCode code;
    private Map<String, String> env;

    @BeforeAll
    static void compile() throws IOException {
        tool = CompiledTool.compile(tools.resolve("tool"));
        other = CompiledTool.compile(tools.resolve("other"));
    }

    @BeforeEach
    void setUp() throws IOException {
        state = Files.createDirectories(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        file = state.resolve(KnownCommandWords.FILE_NAME);
        code = ToolCode.jar(tool.jar.toFile(), "tool/Main.class");
        env = new HashMap<>();
        env.put("HOME", "/home/alice");
        env.put("API_TOKEN", "s3cr3t-value-1");
    }

    private KnownCommandWords cache() {
        return new KnownCommandWords(file, KEY, BUILD);
    }

    /** A run that reported {@code candidates[chosen]}, then what a later run with {@code later} inputs finds. */
    private int rememberThenLookUp(List<String> candidates, int chosen, KnownCommandWords later, ToolCode laterCode,
                                   List<String> laterCandidates, Map<String, String> laterEnv) {
        KnownCommandWords first = cache();
        assertThat(first.remember(first.tags(code, candidates, env)[chosen])).isTrue();
        return later.knownChoice(later.tags(laterCode, laterCandidates, laterEnv));
    }

    @Test
    void aDecisionWithTheSameInputsIsKnownToTheNextRun() throws IOException {
        assertThat(rememberThenLookUp(List.of("hunter2xyz", "build"), 1, cache(), code,
                List.of("hunter2xyz", "build"), new HashMap<>(env))).isEqualTo(1);

        String text = Files.readString(file);
        assertThat(text).matches("([0-9a-f]{64}\n)+").doesNotContain("build").doesNotContain("hunter2xyz")
                .doesNotContain(tool.jar.getFileName().toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anotherSecretInTheEnvironmentNeverReusesTheVerdict() {
        Map<String, String> changed = new HashMap<>(env);
        changed.put("API_TOKEN", "build");
        assertThat(rememberThenLookUp(List.of("build"), 0, cache(), code, List.of("build"), changed)).isEqualTo(-1);

        Map<String, String> added = new HashMap<>(env);
        added.put("DEPLOY_PASSWORD", "build-2025");
        assertThat(cache().knownChoice(cache().tags(code, List.of("build"), added))).isEqualTo(-1);
    }

    @Test
    void anotherJarOrAChangedJarNeverReusesTheVerdict() throws IOException {
        assertThat(rememberThenLookUp(List.of("build"), 0, cache(), ToolCode.jar(other.jar.toFile(), "tool/Main.class"),
                List.of("build"), env)).isEqualTo(-1);

        Files.setLastModifiedTime(tool.jar, FileTime.fromMillis(Files.getLastModifiedTime(tool.jar).toMillis() + 5_000));
        assertThat(cache().knownChoice(cache().tags(code, List.of("build"), env))).isEqualTo(-1);
    }

    @Test
    void otherWordsAnotherAgentBuildOrAnotherKeyNeverMatch() {
        assertThat(rememberThenLookUp(List.of("build"), 0, cache(), code, List.of("deploy"), env)).isEqualTo(-1);
        assertThat(cache().knownChoice(cache().tags(code, List.of("x", "build"), env))).isEqualTo(-1);
        KnownCommandWords newerAgent = new KnownCommandWords(file, KEY, "agent-build-2");
        assertThat(newerAgent.knownChoice(newerAgent.tags(code, List.of("build"), env))).isEqualTo(-1);
        KnownCommandWords otherKey = new KnownCommandWords(file, OTHER_KEY, BUILD);
        assertThat(otherKey.knownChoice(otherKey.tags(code, List.of("build"), env))).isEqualTo(-1);
    }

    @Test
    void aForgedOrDamagedEntryIsIgnored() throws IOException {
        // made with another key (what someone without the user's key could write), and damaged lines
        KnownCommandWords forger = new KnownCommandWords(file, OTHER_KEY, BUILD);
        String forged = forger.tags(code, List.of("build"), env)[0];
        String valid = cache().tags(code, List.of("build"), env)[0];
        Files.writeString(file, forged + "\n" + valid.substring(1) + "\n" + valid.toUpperCase() + "\nnot a tag\n");

        assertThat(cache().knownChoice(cache().tags(code, List.of("build"), env))).isEqualTo(-1);
        assertThat(cache().entries()).containsExactly(forged);
    }

    @Test
    void aLinkOrAFileOverTheBoundIsNotRead() throws IOException {
        String valid = cache().tags(code, List.of("build"), env)[0];
        Path elsewhere = dir.resolve("elsewhere.txt");
        Files.writeString(elsewhere, valid + "\n");
        Files.createSymbolicLink(file, elsewhere);

        assertThat(cache().knownChoice(cache().tags(code, List.of("build"), env))).isEqualTo(-1);
        assertThat(cache().remember(valid)).isTrue();
        assertThat(Files.isSymbolicLink(file)).as("the link is replaced, never written through").isFalse();
        assertThat(Files.readString(elsewhere)).isEqualTo(valid + "\n");

        Files.writeString(file, (valid + "\n").repeat(KnownCommandWords.MAX_BYTES / 65 + 1));
        assertThat(cache().knownChoice(cache().tags(code, List.of("build"), env))).isEqualTo(-1);
    }

    @Test
    void aFolderOthersCanWriteIsNotUsed() throws IOException {
        String valid = cache().tags(code, List.of("build"), env)[0];
        Files.writeString(file, valid + "\n");
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(cache().knownChoice(cache().tags(code, List.of("build"), env))).isEqualTo(-1);
        assertThat(cache().remember(valid)).isFalse();
    }

    @Test
    void theFileKeepsTheNewestEntriesWithinItsBound() throws IOException {
        KnownCommandWords cache = cache();
        String first = cache.tags(code, List.of("w0"), env)[0];
        cache.remember(first);
        for (int i = 1; i <= KnownCommandWords.MAX_ENTRIES + 5; i++) {
            cache.remember(cache.tags(code, List.of("w" + i), env)[0]);
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(KnownCommandWords.MAX_ENTRIES).doesNotContain(first);
        assertThat(Files.size(file)).isLessThanOrEqualTo(KnownCommandWords.MAX_BYTES);
        assertThat(cache().knownChoice(cache().tags(code, List.of("w" + (KnownCommandWords.MAX_ENTRIES + 5)), env)))
                .isEqualTo(0);
    }

    @Test
    void withoutAKeyAFileOrAJarNothingIsKept() {
        assertThat(new KnownCommandWords(file, null, BUILD).tags(code, List.of("build"), env)).isNull();
        assertThat(new KnownCommandWords(file, "not base64!", BUILD).tags(code, List.of("build"), env)).isNull();
        assertThat(new KnownCommandWords(null, KEY, BUILD).remember("00")).isFalse();
        assertThat(cache().tags(ToolCode.directory(tool.classes.toFile(), "tool/Main.class"), List.of("build"), env)).isNull();
        assertThat(Files.exists(file)).isFalse();
    }
}
