package dev.gatsbytelemetry.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StringConstantScannerTest {

    private static final ScanLimits UNLIMITED = new ScanLimits() {
        @Override
        public boolean expired() {
            return false;
        }
    };

    @TempDir
    static Path dir;
    private static CompiledTool tool;

    @BeforeAll
    static void compile() throws IOException {
        tool = CompiledTool.compile(dir);
    }

    @Test
    void findsExactStringConstantsInAJarAndNothingElse() {
        ScanResult result = StringConstantScanner.scan(ToolCode.jar(tool.jar.toFile(), "tool/Main.class"),
                List.of("build", "update-sql", "deploy", "rebuild", "buil", "hunter2xyz", "Main", "usage"), UNLIMITED);

        // "usage: build.xml or rebuild" is one constant, so its words are not constants of their own; the
        // class is named "tool/Main", so "Main" is none either
        assertThat(result.found()).containsExactlyInAnyOrder("build", "update-sql", "deploy");
        assertThat(result.complete()).isTrue();
        assertThat(result.classFiles()).isEqualTo(2);
    }

    @Test
    void stopsAtTheEntryClassWhenEveryWordIsThere() {
        ScanResult result = StringConstantScanner.scan(ToolCode.jar(tool.jar.toFile(), "tool/Main.class"),
                List.of("build"), UNLIMITED);
        assertThat(result.found()).containsExactly("build");
        assertThat(result.classFiles()).isEqualTo(1);
    }

    @Test
    void findsConstantsInAClassesDirectory() {
        ScanResult result = StringConstantScanner.scan(ToolCode.directory(tool.classes.toFile(), "tool/Main.class"),
                List.of("deploy", "token123"), UNLIMITED);
        assertThat(result.found()).containsExactly("deploy");
        assertThat(result.complete()).isTrue();
    }

    @Test
    void anExpiredDeadlineFindsNothingAndSaysSo() {
        ScanResult result = StringConstantScanner.scan(ToolCode.jar(tool.jar.toFile(), "tool/Main.class"),
                List.of("deploy"), new ScanLimits() {
                    @Override
                    public boolean expired() {
                        return true;
                    }
                });
        assertThat(result.found()).isEmpty();
        assertThat(result.complete()).isFalse();
    }

    @Test
    void nonAsciiAndMissingCodeAreNeverFound() throws IOException {
        assertThat(StringConstantScanner.scan(null, List.of("build"), UNLIMITED).found()).isEmpty();
        Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a zip");
        ScanResult broken = StringConstantScanner.scan(ToolCode.jar(notAJar.toFile(), "tool/Main.class"),
                List.of("build"), UNLIMITED);
        assertThat(broken.found()).isEmpty();
        assertThat(broken.complete()).isFalse();
        assertThat(StringConstantScanner.scan(ToolCode.jar(tool.jar.toFile(), "tool/Main.class"),
                List.of("bŭild"), UNLIMITED).found()).isEmpty();
    }

    @Test
    void toolCodeIsFoundThroughTheLoaderThatSeesTheEntryClass() throws IOException {
        try (URLClassLoader fromJar = new URLClassLoader(new URL[] {tool.jar.toUri().toURL()}, null);
             URLClassLoader fromDir = new URLClassLoader(new URL[] {tool.classes.toUri().toURL()}, null)) {
            ToolCode inJar = ToolCode.of(CompiledTool.MAIN, null, fromJar);
            assertThat(inJar.jar()).isEqualTo(tool.jar.toFile());
            assertThat(inJar.entryResource()).isEqualTo("tool/Main.class");
            ToolCode inDir = ToolCode.of(CompiledTool.MAIN, fromDir);
            assertThat(inDir.classesDirectory().toPath().toRealPath()).isEqualTo(tool.classes.toRealPath());
            assertThat(ToolCode.of("no.Such", fromJar)).isNull();
            assertThat(ToolCode.of(null, fromJar)).isNull();
        }
    }
}
