package dev.gatsbytelemetry.agent.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OsInformationTest {

    @TempDir
    Path root;

    private static Map<String, String> props(String osName, String osArch) {
        return Map.of("os.name", osName, "os.version", "6.1.0-18-amd64", "os.arch", osArch,
                "java.version", "17.0.15", "java.vendor", "Eclipse Adoptium");
    }

    @Test
    void collectsLinuxInformation() throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cpuinfo"),
                "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n"
                + "\nprocessor\t: 1\nmodel name\t: Some Other CPU\n");
        Files.writeString(root.resolve(".dockerenv"), "");

        OsInformation info = OsInformation.collect(props("Linux", "amd64"),
                Map.of("GITHUB_ACTIONS", "true", "TERM_PROGRAM", "vscode"), root, 8, true);

        assertThat(info).isEqualTo(new OsInformation("linux", "6.1.0-18-amd64", "x64",
                "Intel(R) Xeon(R) CPU @ 2.20GHz", 8, "17.0.15", "Eclipse Adoptium",
                true, "GitHub Actions", true, "vscode", true));
    }

    @Test
    void cpuModelIsOnlyReadOnLinux() throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cpuinfo"), "model name : Fake\n");
        OsInformation info = OsInformation.collect(props("Mac OS X", "aarch64"), Map.of(), root, 10, false);
        assertThat(info.platform()).isEqualTo("darwin");
        assertThat(info.arch()).isEqualTo("arm64");
        assertThat(info.cpus()).isNull();
        assertThat(info.ci()).isFalse();
        assertThat(info.ciName()).isNull();
        assertThat(info.docker()).isFalse();
        assertThat(info.termProgram()).isNull();
    }

    @Test
    void missingCpuinfoLine() throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cpuinfo"), "processor : 0\nCPU part : 0xd0c\n");
        assertThat(OsInformation.collect(props("Linux", "aarch64"), Map.of(), root, 4, false).cpus()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "Linux, linux", "Mac OS X, darwin", "Windows 11, win32", "Windows Server 2022, win32",
            "FreeBSD, freebsd", "SunOS, sunos", "AIX, aix", "OpenBSD, openbsd", "Haiku, haiku"})
    void platformNames(String osName, String expected) {
        assertThat(NodeNames.platform(osName)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "amd64, x64", "x86_64, x64", "x86, ia32", "i386, ia32", "aarch64, arm64", "arm, arm",
            "ppc64le, ppc64", "s390x, s390x", "riscv64, riscv64", "loongarch64, loong64"})
    void archNames(String osArch, String expected) {
        assertThat(NodeNames.arch(osArch)).isEqualTo(expected);
    }

    @Test
    void toMapHasExactlyTheDocumentedKeysInOrder() {
        OsInformation info = OsInformation.collect(props("Linux", "amd64"), Map.of("CI", "1"), null, 2, false);
        Map<String, Object> map = info.toMap();
        assertThat(map).containsOnlyKeys("platform", "release", "arch", "cpus", "cpuCount", "javaVersion",
                "javaVendor", "ci", "ciName", "docker", "termProgram", "isTTY");
        assertThat(map.keySet()).containsExactly("platform", "release", "arch", "cpus", "cpuCount",
                "javaVersion", "javaVendor", "ci", "ciName", "docker", "termProgram", "isTTY");
        assertThat(map.get("cpuCount")).isEqualTo(2);
        assertThat(map.get("ci")).isEqualTo(true);
        assertThat(map.get("ciName")).isNull();
        assertThat(map.get("isTTY")).isEqualTo(false);
    }

    @Test
    void nullInputsDegrade() {
        OsInformation info = OsInformation.collect(null, null, null, 1, false);
        assertThat(info.platform()).isNull();
        assertThat(info.arch()).isNull();
        assertThat(info.javaVersion()).isNull();
        assertThat(info.toMap()).hasSize(12);
    }

    @Test
    void detectReadsTheRunningJvm() {
        OsInformation info = OsInformation.detect();
        assertThat(info.javaVersion()).isEqualTo(System.getProperty("java.version"));
        assertThat(info.cpuCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(info.platform()).isNotBlank();
    }
}
