package dev.gatsbytelemetry.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PluginScannerTest {

    @TempDir
    Path tmp;

    private static String classPath(Path... entries) {
        List<String> parts = new ArrayList<>();
        for (Path entry : entries) {
            parts.add(entry.toString());
        }
        return String.join(":", parts);
    }

    @Test
    void findsMatchingJarsWithVersionsFromEachSource() throws Exception {
        Path rss = TestJars.jar(tmp.resolve("sitegen-plugin-rss-1.2.0.jar"),
                Map.of("Implementation-Version", "1.2.0-final"), Map.of());
        Path sitemap = TestJars.jar(tmp.resolve("sitegen-plugin-sitemap.jar"), Map.of(),
                Map.of("META-INF/maven/com.example/other/pom.properties", TestJars.pomProperties("other", "9.9"),
                        "META-INF/maven/com.example/sitegen-plugin-sitemap/pom.properties",
                        TestJars.pomProperties("sitegen-plugin-sitemap", "0.3.1")));
        Path images = TestJars.jar(tmp.resolve("sitegen-plugin-images-2.0.0-SNAPSHOT.jar"), Map.of(), Map.of());
        Path bare = TestJars.jar(tmp.resolve("sitegen-plugin-bare.jar"), Map.of(), Map.of());
        Path unrelated = TestJars.jar(tmp.resolve("jackson-databind-2.23.0.jar"), Map.of(), Map.of());

        List<String> plugins = PluginScanner.scan(
                classPath(unrelated, sitemap, rss, images, bare, tmp.resolve("classes")), ":", "sitegen-plugin-*");

        assertThat(plugins).containsExactly(
                "sitegen-plugin-bare@unknown",
                "sitegen-plugin-images@2.0.0-SNAPSHOT",
                "sitegen-plugin-rss@1.2.0-final",
                "sitegen-plugin-sitemap@0.3.1");
    }

    @Test
    void severalPatternsAndDuplicates() throws Exception {
        Path a = TestJars.jar(tmp.resolve("a/acme-theme-1.0.jar"), Map.of(), Map.of());
        Path b = TestJars.jar(tmp.resolve("b/acme-theme-1.0.jar"), Map.of(), Map.of());
        Path c = TestJars.jar(tmp.resolve("extra-tool-2.jar"), Map.of(), Map.of());
        assertThat(PluginScanner.scan(classPath(a, b, a, c), ":", " acme-*, extra-tool ,"))
                .containsExactly("acme-theme@1.0", "extra-tool@2");
    }

    @Test
    void noPatternsMeansNoScan() throws Exception {
        Path a = TestJars.jar(tmp.resolve("acme-theme-1.0.jar"), Map.of(), Map.of());
        assertThat(PluginScanner.scan(a.toString(), ":", null)).isEmpty();
        assertThat(PluginScanner.scan(a.toString(), ":", " , ")).isEmpty();
        assertThat(PluginScanner.scan(null, ":", "*")).isEmpty();
    }

    @Test
    void missingOrBrokenJarsAreHandled() throws Exception {
        Path broken = Files.writeString(tmp.resolve("acme-broken-1.1.jar"), "not a zip");
        assertThat(PluginScanner.scan(classPath(broken, tmp.resolve("acme-missing-1.0.jar")), ":", "acme-*"))
                .containsExactly("acme-broken@1.1");
    }

    @Test
    void boundedToMaxPlugins() throws Exception {
        List<Path> jars = new ArrayList<>();
        for (int i = 0; i < PluginScanner.MAX_PLUGINS + 20; i++) {
            jars.add(TestJars.jar(tmp.resolve(String.format("plug%03d-1.0.jar", i)), Map.of(), Map.of()));
        }
        List<String> plugins = PluginScanner.scan(classPath(jars.toArray(Path[]::new)), ":", "plug*");
        assertThat(plugins).hasSize(PluginScanner.MAX_PLUGINS).isSorted().startsWith("plug000@1.0");
    }

    @Test
    void globIsLiteralApartFromStar() {
        assertThat(PluginScanner.compile("a.b*").matcher("a.bcd").matches()).isTrue();
        assertThat(PluginScanner.compile("a.b*").matcher("axbcd").matches()).isFalse();
        assertThat(PluginScanner.compile("Plugin").matcher("plugin").matches()).isFalse();
        assertThat(PluginScanner.compile("*").matcher("anything").matches()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "sitegen-plugin-rss-1.2.0.jar, sitegen-plugin-rss, 1.2.0",
            "foo-2.0-SNAPSHOT.jar, foo, 2.0-SNAPSHOT",
            "plain.jar, plain, ",
            "log4j-core-2.24.1.JAR, log4j-core, 2.24.1",
            "x-1.jar, x, 1"})
    void artifactNames(String fileName, String name, String version) {
        assertThat(ArtifactName.of(fileName)).isEqualTo(new ArtifactName(name, version));
    }

    @Test
    void fromSystemDoesNotThrow() {
        assertThat(PluginScanner.fromSystem()).isNotNull();
    }
}
