package dev.gatsbytelemetry.agent.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerDetectorTest {

    @TempDir
    Path root;

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void emptyRootIsNoContainer() {
        assertThat(ContainerDetector.detect(root)).isFalse();
    }

    @Test
    void dockerenvFile() throws IOException {
        write(".dockerenv", "");
        assertThat(ContainerDetector.detect(root)).isTrue();
    }

    @Test
    void podmanContainerenvFile() throws IOException {
        write("run/.containerenv", "engine=\"podman-4.9\"\n");
        assertThat(ContainerDetector.detect(root)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "12:memory:/docker/3f2a9c0e1d\n1:name=systemd:/docker/3f2a9c0e1d\n",
            "0::/system.slice/docker-3f2a9c0e1d.scope\n",
            "11:cpu:/kubepods/besteffort/pod1234/abcd\n",
            "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod12.slice/cri-containerd-ab12.scope\n",
            "0::/machine.slice/libpod-0123abcd.scope/container\n",
            "10:devices:/lxc/mycontainer\n",
            "0::/lxc.payload.web01\n"})
    void cgroupMarkers(String cgroup) throws IOException {
        write("proc/self/cgroup", cgroup);
        assertThat(ContainerDetector.detect(root)).isTrue();
    }

    @Test
    void markerInPidOneCgroup() throws IOException {
        write("proc/self/cgroup", "0::/\n");
        write("proc/1/cgroup", "12:pids:/docker/abc\n");
        assertThat(ContainerDetector.detect(root)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0::/user.slice/user-1000.slice/session-2.scope\n",
            "0::/\n",
            "0::/system.slice/docker.service\n",          // the Docker daemon itself, on the host
            "0::/system.slice/containerd.service\n",
            "0::/system.slice/lxcfs.service\n",
            "0::/machine.slice/libpod-conmon-0123.scope\n", // Podman's monitor runs on the host
            "0::/lxc.monitor.web01\n",
            "0::/user.slice/user-1000.slice/user@1000.service/app.slice/dockerish-tool.scope\n"})
    void hostCgroupsAreNotContainers(String cgroup) throws IOException {
        write("proc/self/cgroup", cgroup);
        write("proc/1/cgroup", "0::/init.scope\n");
        assertThat(ContainerDetector.detect(root)).isFalse();
    }

    @Test
    void mountinfoBindMountOfHostname() throws IOException {
        write("proc/self/cgroup", "0::/\n");
        write("proc/self/mountinfo",
                "600 500 0:50 / / rw,relatime - overlay overlay rw\n"
                + "620 600 8:1 /var/lib/docker/containers/abc/hostname /etc/hostname rw - ext4 /dev/sda1 rw\n");
        assertThat(ContainerDetector.detect(root)).isTrue();
    }

    @Test
    void hostMountinfoWithContainerOverlaysIsNoContainer() throws IOException {
        write("proc/self/mountinfo",
                "25 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
                + "300 25 0:60 / /var/lib/docker/overlay2/abc/merged rw - overlay overlay rw\n"
                + "301 25 0:61 / /var/lib/docker/containers/abc/mounts/shm rw - tmpfs shm rw\n");
        assertThat(ContainerDetector.detect(root)).isFalse();
    }

    @Test
    void environmentMarkers() {
        assertThat(ContainerDetector.detect(root, Map.of("container", "podman"))).isTrue();
        assertThat(ContainerDetector.detect(root, Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"))).isTrue();
        assertThat(ContainerDetector.detect(root, Map.of("container", ""))).isFalse();
    }

    @Test
    void nullAndMissingRootsDoNotThrow() {
        assertThat(ContainerDetector.detect(null)).isFalse();
        assertThat(ContainerDetector.detect(root.resolve("does/not/exist"))).isFalse();
    }

    @Test
    void directoryWhereAFileIsExpectedDoesNotThrow() throws IOException {
        Files.createDirectories(root.resolve("proc/self/cgroup"));
        assertThat(ContainerDetector.detect(root)).isFalse();
    }
}
