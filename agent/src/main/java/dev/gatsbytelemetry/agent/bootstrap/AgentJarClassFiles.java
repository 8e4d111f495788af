package dev.gatsbytelemetry.agent.bootstrap;

import dev.gatsbytelemetry.agent.AgentClassLoader;
import dev.gatsbytelemetry.agent.AgentJar;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Reads the agent's own class files: from the {@link AgentClassLoader}'s pack, already in memory,
 * when the agent runs in it (the agent jar), else straight from the agent jar (going through the
 * class loader's resources would first initialise the runtime image reader and a {@code jar:} URL
 * handler, milliseconds on the startup path), else from resources (tests run from a directory).
 * Also used by {@code instrumentation/JdkAsmHookWriter}, on a first run.
 */
public final class AgentJarClassFiles implements AutoCloseable {

    private final AgentClassLoader agentLoader;
    private final JarFile jar;

    public AgentJarClassFiles() throws IOException {
        ClassLoader loader = AgentJarClassFiles.class.getClassLoader();
        this.agentLoader = loader instanceof AgentClassLoader ? (AgentClassLoader) loader : null;
        File location = agentLoader != null ? null : AgentJar.file();
        this.jar = location == null ? null : new JarFile(location, false);
    }

    /** The class file of one of the agent's classes, by binary name. */
    public byte[] read(String className) throws IOException {
        if (agentLoader != null) {
            byte[] classFile = agentLoader.classFile(className);
            if (classFile == null) {
                throw new IOException("missing " + className);
            }
            return classFile;
        }
        String name = className.replace('.', '/') + ".class";
        InputStream in;
        if (jar != null) {
            JarEntry entry = jar.getJarEntry(name);
            in = entry == null ? null : jar.getInputStream(entry);
        } else {
            in = AgentJarClassFiles.class.getResourceAsStream("/" + name);
        }
        if (in == null) {
            throw new IOException("missing " + name);
        }
        try (InputStream stream = in) {
            return stream.readAllBytes();
        }
    }

    @Override
    public void close() throws IOException {
        if (jar != null) {
            jar.close();
        }
    }
}
