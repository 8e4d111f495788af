package dev.gatsbytelemetry.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentInfoTest {

    @TempDir
    Path tmp;

    @Test
    void manifestTitleAndVersionOfLaunchJar() throws Exception {
        Path jar = TestJars.jar(tmp.resolve("lib/sitegen-cli-3.0.0.jar"),
                Map.of("Implementation-Title", "sitegen", "Implementation-Version", "3.1.4",
                        "Main-Class", "com.example.Main"), Map.of());
        assertThat(ComponentInfo.detect(jar + " build --verbose", Map.of(), tmp))
                .isEqualTo(new ComponentInfo("sitegen", "3.1.4"));
    }

    @Test
    void relativeJarPathResolvedAgainstCwd() throws Exception {
        TestJars.jar(tmp.resolve("app.jar"), Map.of("Implementation-Title", "app", "Implementation-Version", "1"), Map.of());
        assertThat(ComponentInfo.detect("app.jar", Map.of(), tmp)).isEqualTo(new ComponentInfo("app", "1"));
    }

    @Test
    void jarPathWithSpaces() throws Exception {
        Path jar = TestJars.jar(tmp.resolve("my tools/the tool.jar"),
                Map.of("Implementation-Title", "spaced", "Implementation-Version", "2.0"), Map.of());
        assertThat(ComponentInfo.detect(jar + " some.jar arg", Map.of(), tmp))
                .isEqualTo(new ComponentInfo("spaced", "2.0"));
    }

    @Test
    void fallsBackToMainClassThenFileNameThenPomProperties() throws Exception {
        Path withMain = TestJars.jar(tmp.resolve("tool-1.2.3.jar"), Map.of("Main-Class", "com.example.ToolMain"), Map.of());
        assertThat(ComponentInfo.detect(withMain.toString(), Map.of(), tmp))
                .isEqualTo(new ComponentInfo("com.example.ToolMain", "1.2.3"));

        Path bare = TestJars.jar(tmp.resolve("bare-tool-0.9.jar"), Map.of(), Map.of());
        assertThat(ComponentInfo.detect(bare.toString(), Map.of(), tmp)).isEqualTo(new ComponentInfo("bare-tool", "0.9"));

        Path withPom = TestJars.jar(tmp.resolve("renamed.jar"), Map.of(),
                Map.of("META-INF/maven/com.example/renamed/pom.properties", TestJars.pomProperties("renamed", "4.5.6")));
        assertThat(ComponentInfo.detect(withPom.toString(), Map.of(), tmp)).isEqualTo(new ComponentInfo("renamed", "4.5.6"));
    }

    @Test
    void missingJarUsesFileName() {
        assertThat(ComponentInfo.detect("/nowhere/cli-2.0.jar --x", Map.of(), tmp))
                .isEqualTo(new ComponentInfo("cli", "2.0"));
        assertThat(ComponentInfo.detect("/nowhere/cli.jar", Map.of(), tmp))
                .isEqualTo(new ComponentInfo("cli", ComponentInfo.UNKNOWN_VERSION));
    }

    @Test
    void mainClassLaunch() {
        assertThat(ComponentInfo.detect("com.example.cli.Main build", Map.of(), tmp))
                .isEqualTo(new ComponentInfo("com.example.cli.Main", "-0.0.0"));
        assertThat(ComponentInfo.detect("com.example.tool/com.example.tool.Main", Map.of(), tmp))
                .isEqualTo(new ComponentInfo("com.example.tool", "-0.0.0"));
    }

    @Test
    void overrideFromEnvironment() throws Exception {
        Path jar = TestJars.jar(tmp.resolve("x.jar"), Map.of("Implementation-Title", "x", "Implementation-Version", "7"), Map.of());
        assertThat(ComponentInfo.detect(jar.toString(), Map.of(ComponentInfo.OVERRIDE_ENV, "my-cli"), tmp))
                .isEqualTo(new ComponentInfo("my-cli", "7"));
        assertThat(ComponentInfo.detect(jar.toString(), Map.of(ComponentInfo.OVERRIDE_ENV, " my-cli@1.0.0 "), tmp))
                .isEqualTo(new ComponentInfo("my-cli", "1.0.0"));
        assertThat(ComponentInfo.detect("Main", Map.of(ComponentInfo.OVERRIDE_ENV, "@scope/cli@2"), tmp))
                .isEqualTo(new ComponentInfo("@scope/cli", "2"));
        assertThat(ComponentInfo.detect("Main", Map.of(ComponentInfo.OVERRIDE_ENV, "  "), tmp))
                .isEqualTo(new ComponentInfo("Main", "-0.0.0"));
    }

    @Test
    void nothingKnown() throws Exception {
        assertThat(ComponentInfo.detect(null, null, null)).isEqualTo(new ComponentInfo("unknown", "-0.0.0"));
        Path notAJar = Files.writeString(tmp.resolve("broken.jar"), "not a zip");
        assertThat(ComponentInfo.detect(notAJar.toString(), Map.of(), tmp)).isEqualTo(new ComponentInfo("broken", "-0.0.0"));
        assertThat(ComponentInfo.fromSystem().componentId()).isNotBlank();
    }

    @Test
    void classPathLaunchIsNamedByTheJarHoldingTheMainClass() throws Exception {
        Path checkstyle = TestJars.jar(tmp.resolve("lib/checkstyle-12.3.1-all.jar"),
                Map.of("Implementation-Title", "checkstyle", "Implementation-Version", "12.3.1"), Map.of());
        assertThat(ComponentInfo.detect("com.puppycrawl.tools.checkstyle.Main -c x.xml", Map.of(), tmp, checkstyle, null))
                .isEqualTo(new ComponentInfo("checkstyle", "12.3.1"));

        Path liquibase = TestJars.jar(tmp.resolve("internal/lib/liquibase-core.jar"),
                Map.of("Bundle-Name", "liquibase-core", "Bundle-Version", "4.33.0"), Map.of());
        assertThat(ComponentInfo.detect("liquibase.integration.commandline.LiquibaseCommandLine update", Map.of(), tmp,
                liquibase, null)).isEqualTo(new ComponentInfo("liquibase-core", "4.33.0"));

        Path pomOnly = TestJars.jar(tmp.resolve("lib/tool.jar"), Map.of(),
                Map.of("META-INF/maven/org.example/ant-like/pom.properties", TestJars.pomProperties("ant-like", "1.10.15")));
        assertThat(ComponentInfo.detect("org.example.Main", Map.of(), tmp, pomOnly, null))
                .isEqualTo(new ComponentInfo("ant-like", "1.10.15"));

        Path silent = TestJars.jar(tmp.resolve("lib/app.jar"), Map.of(), Map.of());
        assertThat(ComponentInfo.detect("fixture.App", Map.of(), tmp, silent, null))
                .as("a jar that says nothing keeps the main class").isEqualTo(new ComponentInfo("fixture.App", "-0.0.0"));
        assertThat(ComponentInfo.detect("fixture.App", Map.of(ComponentInfo.OVERRIDE_ENV, "mine"), tmp, checkstyle, null))
                .as("the override still names it").isEqualTo(new ComponentInfo("mine", "12.3.1"));
    }

    @Test
    void mavenReportsItselfWithMavenCoresVersion() throws Exception {
        Path home = tmp.resolve("maven");
        TestJars.jar(home.resolve("lib/maven-core-3.x.jar"), Map.of(),
                Map.of("META-INF/maven/org.apache.maven/maven-core/pom.properties", TestJars.pomProperties("maven-core", "3.8.7")));
        TestJars.jar(home.resolve("boot/plexus-classworlds-2.6.0.jar"),
                Map.of("Bundle-Name", "Plexus Classworlds", "Bundle-Version", "2.6.0"), Map.of());
        assertThat(ComponentInfo.detect("org.codehaus.plexus.classworlds.launcher.Launcher -B package", Map.of(), tmp,
                home.resolve("boot/plexus-classworlds-2.6.0.jar"), home)).isEqualTo(new ComponentInfo("maven", "3.8.7"));
    }
}
