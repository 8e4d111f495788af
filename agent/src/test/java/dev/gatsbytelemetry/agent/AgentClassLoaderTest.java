package dev.gatsbytelemetry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatsbytelemetry.agent.config.EnvironmentSwitches;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentClassLoaderTest {

    private static final String STARTUP = "dev.gatsbytelemetry.agent.AgentStartup";
    private static final String VERSION = "dev.gatsbytelemetry.agent.AgentVersion";

    @TempDir
    Path temp;

    @Test
    void definesTheAgentsClassesItselfAndLeavesTheLauncherClassesAndTheJdkToTheirLoaders() throws Exception {
        ClassLoader launcher = AgentClassLoaderTest.class.getClassLoader();
        AgentClassLoader loader = directoryLoader(launcher);

        Class<?> startup = Class.forName(STARTUP, false, loader);
        assertThat(startup.getClassLoader()).isSameAs(loader);
        assertThat(startup).isNotSameAs(AgentStartup.class);
        // what it refers to is the agent loader's too, not the application loader's copy
        assertThat(Class.forName("dev.gatsbytelemetry.agent.config.AgentConfig", false, loader).getClassLoader())
                .isSameAs(loader);
        assertThat(Class.forName(EnvironmentSwitches.class.getName(), false, loader)).isSameAs(EnvironmentSwitches.class);
        assertThat(Class.forName(AgentClassLoader.class.getName(), false, loader)).isSameAs(AgentClassLoader.class);
        assertThat(Class.forName("java.lang.String", false, loader)).isSameAs(String.class);
        // the application's classes are not visible: the agent reaches them only through their own loaders
        assertThatThrownBy(() -> Class.forName(Test.class.getName(), false, loader))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("dev.gatsbytelemetry.agent.NoSuchClass", false, loader))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void neverDefinesTheBridgeWhichBelongsToTheBootstrapLoader() throws Exception {
        AgentClassLoader loader = directoryLoader(AgentClassLoaderTest.class.getClassLoader());

        // not in the bootstrap loader in this test JVM: the agent loader must not make its own copy
        assertThatThrownBy(() -> Class.forName("dev.gatsbytelemetry.agent.bridge.TelemetryBridge", false, loader))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(loader.classFile("dev.gatsbytelemetry.agent.bridge.TelemetryBridge")).isNotEmpty();
    }

    @Test
    void servesTheAgentsResourcesOnly() throws Exception {
        AgentClassLoader loader = directoryLoader(AgentClassLoaderTest.class.getClassLoader());

        assertThat(loader.getResource("dev/gatsbytelemetry/agent/agent.properties")).isNotNull();
        assertThat(Class.forName(VERSION, true, loader).getResourceAsStream("agent.properties")).isNotNull();
        assertThat(AgentClassLoaderTest.class.getClassLoader().getResource("org/junit/jupiter/api/Test.class")).isNotNull();
        assertThat(loader.getResource("org/junit/jupiter/api/Test.class")).isNull();
    }

    @Test
    void definesPackedClassesFromThePackWithTheJarAsTheirCodeSource() throws Exception {
        byte[] version = classFile(VERSION);
        byte[] startup = classFile(STARTUP);
        Path jar = temp.resolve("agent.jar");
        writeJar(jar, pack(VERSION, version, STARTUP, startup), Map.of());
        AgentClassLoader loader = AgentClassLoader.open(AgentClassLoaderTest.class.getClassLoader(),
                new CodeSource(jar.toUri().toURL(), (java.security.cert.Certificate[]) null), 42L);

        Class<?> fromPack = Class.forName(VERSION, false, loader);
        assertThat(fromPack.getClassLoader()).isSameAs(loader);
        assertThat(Path.of(fromPack.getProtectionDomain().getCodeSource().getLocation().toURI())).isEqualTo(jar);
        assertThat(loader.classFile(STARTUP)).isEqualTo(startup);
        assertThat(loader.openedNanos()).isEqualTo(42L);
        // neither packed nor in the jar: the agent has no such class
        assertThat(loader.classFile("dev.gatsbytelemetry.agent.AgentJar")).isNull();
        assertThatThrownBy(() -> Class.forName("dev.gatsbytelemetry.agent.AgentJar", false, loader))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void readsClassesThePackDoesNotHoldFromTheJar() throws Exception {
        byte[] jarName = classFile("dev.gatsbytelemetry.agent.AgentJar");
        Path jar = temp.resolve("agent.jar");
        writeJar(jar, pack(VERSION, classFile(VERSION)), Map.of("dev/gatsbytelemetry/agent/AgentJar.class", jarName));
        AgentClassLoader loader = AgentClassLoader.open(AgentClassLoaderTest.class.getClassLoader(),
                new CodeSource(jar.toUri().toURL(), (java.security.cert.Certificate[]) null), 0L);

        assertThat(loader.classFile("dev.gatsbytelemetry.agent.AgentJar")).isEqualTo(jarName);
        assertThat(Class.forName("dev.gatsbytelemetry.agent.AgentJar", false, loader).getClassLoader()).isSameAs(loader);
    }

    @Test
    void aJarWithoutAPackOrWithADamagedPackIsRefused() throws Exception {
        Path noPack = temp.resolve("no-pack.jar");
        writeJar(noPack, null, Map.of());
        assertThatThrownBy(() -> AgentClassLoader.open(getClass().getClassLoader(),
                new CodeSource(noPack.toUri().toURL(), (java.security.cert.Certificate[]) null), 0L))
                .isInstanceOf(IOException.class);

        Packed packed = pack(VERSION, classFile(VERSION));
        // an index naming more bytes than the pack holds, a cut index, an empty one
        assertThatThrownBy(() -> AgentClassLoader.index(packed.index, packed.data.length - 1))
                .isInstanceOf(IOException.class).hasMessageContaining(VERSION);
        assertThatThrownBy(() -> AgentClassLoader.index(Arrays.copyOf(packed.index, packed.index.length - 1),
                packed.data.length)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> AgentClassLoader.index(new byte[] {0, 9, 'a'}, 100)).isInstanceOf(IOException.class);
        assertThat(AgentClassLoader.index(new byte[0], 0)).isEmpty();
        assertThat(AgentClassLoader.index(packed.index, packed.data.length)).containsOnlyKeys(VERSION);

        // a jar whose pack is shorter than its index says: the class is not found, not defined from garbage
        Path cut = temp.resolve("cut.jar");
        writeJar(cut, new Packed(packed.index, Arrays.copyOf(packed.data, 10)), Map.of());
        assertThatThrownBy(() -> AgentClassLoader.open(getClass().getClassLoader(),
                new CodeSource(cut.toUri().toURL(), (java.security.cert.Certificate[]) null), 0L))
                .isInstanceOf(IOException.class);
    }

    /**
     * The launcher classes are the application loader's, and the agent jar holds no other agent
     * class for it: a reference from them to any other agent class would fail in the jar (the agent
     * would silently not start) while passing here, where every class is on the class path.
     */
    @Test
    void theLauncherClassesReferToNoOtherAgentClass() throws Exception {
        java.util.Set<String> launcher = new java.util.HashSet<>();
        for (String name : AgentClassLoader.LAUNCHER_CLASSES) {
            launcher.add(name.replace('.', '/'));
        }
        byte[] prefix = "dev/gatsbytelemetry/agent/".getBytes(StandardCharsets.US_ASCII);
        for (String name : AgentClassLoader.LAUNCHER_CLASSES) {
            byte[] classFile = classFile(name);
            java.util.List<String> referred = new java.util.ArrayList<>();
            for (int i = 0; i + prefix.length <= classFile.length; i++) {
                if (Arrays.equals(classFile, i, i + prefix.length, prefix, 0, prefix.length)) {
                    int end = i;
                    while (end < classFile.length && (Character.isLetterOrDigit(classFile[end]) || classFile[end] == '/'
                            || classFile[end] == '$' || classFile[end] == '_')) {
                        end++;
                    }
                    if (end > i + prefix.length) { // the package's own name (a resource prefix) names no class
                        referred.add(new String(classFile, i, end - i, StandardCharsets.US_ASCII));
                    }
                }
            }
            assertThat(referred).as("agent classes named in %s's class file", name).isNotEmpty()
                    .allMatch(launcher::contains);
        }
    }

    private static AgentClassLoader directoryLoader(ClassLoader launcher) throws IOException {
        return AgentClassLoader.open(launcher, AgentClassLoader.class.getProtectionDomain().getCodeSource(), 0L);
    }

    private static byte[] classFile(String name) throws IOException {
        try (InputStream in = AgentClassLoaderTest.class.getClassLoader()
                .getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** A pack and its index. */
    private static final class Packed {
        final byte[] index;
        final byte[] data;

        Packed(byte[] index, byte[] data) {
            this.index = index;
            this.data = data;
        }
    }

    /** The pack and index formats, written as the build's PackAgentClasses writes them. */
    private static Packed pack(Object... namesAndClassFiles) throws IOException {
        ByteArrayOutputStream index = new ByteArrayOutputStream();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(index);
        for (int i = 0; i < namesAndClassFiles.length; i += 2) {
            byte[] name = ((String) namesAndClassFiles[i]).getBytes(StandardCharsets.US_ASCII);
            byte[] classFile = (byte[]) namesAndClassFiles[i + 1];
            out.writeShort(name.length);
            out.write(name);
            out.writeInt(data.size());
            out.writeInt(classFile.length);
            data.write(classFile);
        }
        out.flush();
        return new Packed(index.toByteArray(), data.toByteArray());
    }

    private static void writeJar(Path jar, Packed pack, Map<String, byte[]> entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            if (pack != null) {
                out.putNextEntry(new JarEntry(AgentClassLoader.INDEX));
                out.write(pack.index);
                out.closeEntry();
                out.putNextEntry(new JarEntry(AgentClassLoader.PACK));
                out.write(pack.data);
                out.closeEntry();
            }
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
    }
}
