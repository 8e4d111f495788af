package dev.gatsbytelemetry.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The agent's own class loader: defines the agent's classes (and the Byte Buddy ASM it bundles)
 * apart from the application's, from one pack of class files read at once.
 *
 * <p>Implementation notes. Why: every agent class the application class loader loads before
 * {@code main} cost the main thread ~0.3 ms of CPU, mostly the loader's Java code, interpreted this
 * early, finding the class in the class path's jars one by one, reading its entry and checking its
 * package against the jar's manifest. The build puts the agent's class files in one stored entry,
 * {@value #PACK}, with their names, offsets and lengths in a small one, {@value #INDEX} (both written
 * by {@code agent/src/build/PackAgentClasses.java}). The index is read at once; a class is then one
 * map lookup, one read at its offset in the pack and one {@code defineClass}. premain's main-thread
 * CPU fell by ~6 ms of ~40 (docs/architecture.md, "Session 6"). Reading the whole pack at once saved
 * ~1 ms more but allocated and kept its 0.8 MB in premain; this way a run allocates only the classes
 * it loads, as before. The JVM still parses and verifies each class.
 *
 * <p>Only the classes that start the agent ({@link #LAUNCHER_CLASSES}) stay in the jar as classes
 * of the application class loader, so the application loader cannot load a second copy of any
 * other agent class, and the agent's ASM is not the application's: every other name is asked of
 * the platform loader (the JDK). The bridge is never defined here: it lives in the bootstrap loader,
 * which the platform loader asks first. Classes the pack does not hold (the bundled ASM, needed on
 * a first run) are read from the jar when first asked for (the jar stays open for the run, as the
 * application loader keeps its own). Running from a directory of classes
 * (the agent's unit tests) there is no pack and every class file comes from the launcher loader's
 * resources.
 *
 * <p>Index format: entries one after another, each a class's binary name (2-byte big-endian
 * length, then ASCII), then its class file's offset in the pack and length (4 bytes each,
 * big-endian). The pack holds the class files only.
 */
public final class AgentClassLoader extends ClassLoader {

    /** The jar entry holding the packed class files. */
    public static final String PACK = "META-INF/gatsby-telemetry-agent/classes.pack";
    /** The jar entry naming each packed class file's offset and length. */
    public static final String INDEX = "META-INF/gatsby-telemetry-agent/classes.index";

    /**
     * The classes the application class loader loads from the jar: the JVM's entry points, the
     * opt-out check that must cost as little as a no-op agent, and this loader.
     */
    public static final String[] LAUNCHER_CLASSES = {
        "dev.gatsbytelemetry.agent.AgentPremain",
        "dev.gatsbytelemetry.agent.AgentClassLoader",
        "dev.gatsbytelemetry.agent.config.EnvironmentSwitches",
    };

    private static final String AGENT_PACKAGE = "dev.gatsbytelemetry.agent.";
    private static final String BRIDGE_PACKAGE = "dev.gatsbytelemetry.agent.bridge.";
    private static final String AGENT_RESOURCES = "dev/gatsbytelemetry/agent/";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader launcher;
    private final Map<String, int[]> packed;
    private final JarFile jar;
    private final ZipEntry pack;
    private final ProtectionDomain domain;
    private final long openedNanos;

    private AgentClassLoader(ClassLoader launcher, Map<String, int[]> packed, JarFile jar, ZipEntry pack,
                             ProtectionDomain domain, long openedNanos) {
        super("gatsby-telemetry-agent", ClassLoader.getPlatformClassLoader());
        this.launcher = launcher;
        this.packed = packed;
        this.pack = pack;
        this.jar = jar;
        this.domain = domain;
        this.openedNanos = openedNanos;
    }

    /**
     * The loader of the agent whose launcher classes were loaded by {@code launcher} from
     * {@code source} (the agent jar, or a directory of classes).
     *
     * @param startNanos {@link System#nanoTime()} when the JVM entered the agent
     * @throws IOException when the jar cannot be read, or its pack or index is missing or damaged
     */
    static AgentClassLoader open(ClassLoader launcher, CodeSource source, long startNanos) throws IOException {
        File location = null;
        try {
            location = new File(source.getLocation().toURI());
        } catch (Exception | LinkageError e) {
            // no file: classes only from the launcher's resources
        }
        ProtectionDomain domain = new ProtectionDomain(source, null);
        if (location == null || !location.isFile()) {
            return new AgentClassLoader(launcher, new HashMap<>(), null, null, domain, startNanos);
        }
        JarFile jar = new JarFile(location, false);
        try {
            ZipEntry pack = jar.getEntry(PACK);
            ZipEntry indexEntry = jar.getEntry(INDEX);
            if (pack == null || indexEntry == null) {
                throw new IOException("the agent jar has no " + (pack == null ? PACK : INDEX));
            }
            byte[] index;
            try (InputStream in = jar.getInputStream(indexEntry)) {
                index = in.readAllBytes();
            }
            return new AgentClassLoader(launcher, index(index, pack.getSize()), jar, pack, domain, startNanos);
        } catch (IOException | RuntimeException e) {
            jar.close();
            throw e;
        }
    }

    /**
     * Opens the agent's loader next to {@code launcherClass} (the jar's, or the directory's) and
     * returns its class {@code name}, initialized.
     */
    static Class<?> initializedClass(String name, Class<?> launcherClass, long startNanos) throws Exception {
        AgentClassLoader loader = open(launcherClass.getClassLoader(), launcherClass.getProtectionDomain().getCodeSource(),
                startNanos);
        return Class.forName(name, true, loader);
    }

    /** Where each class file of the pack starts and how long it is, by binary name. */
    static Map<String, int[]> index(byte[] index, long packSize) throws IOException {
        Map<String, int[]> classes = new HashMap<>(512);
        int at = 0;
        while (at < index.length) {
            int nameLength = index.length - at < 2 ? -1 : ((index[at] & 0xFF) << 8) | (index[at + 1] & 0xFF);
            if (nameLength <= 0 || index.length - at - 2 < nameLength + 8) {
                throw new IOException("damaged class index at " + at);
            }
            at += 2;
            @SuppressWarnings("deprecation") // ASCII names: the byte-to-char constructor is exact and loads nothing
            String name = new String(index, 0, at, nameLength);
            at += nameLength;
            int offset = bigEndianInt(index, at);
            int length = bigEndianInt(index, at + 4);
            at += 8;
            if (offset < 0 || length < 0 || (long) offset + length > packSize) {
                throw new IOException("damaged class index at " + name);
            }
            classes.put(name, new int[] {offset, length});
        }
        return classes;
    }

    private static int bigEndianInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8)
                | (bytes[at + 3] & 0xFF);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(AGENT_PACKAGE) || name.startsWith(BRIDGE_PACKAGE)) {
            return super.loadClass(name, resolve);
        }
        for (String launcherClass : LAUNCHER_CLASSES) {
            if (launcherClass.equals(name)) {
                return launcher.loadClass(name);
            }
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded != null) {
                return loaded;
            }
            byte[] classFile;
            try {
                classFile = classFile(name);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
            if (classFile == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, classFile, 0, classFile.length, domain);
        }
    }

    /** {@link System#nanoTime()} when the JVM entered the agent (for the debug account of premain). */
    public long openedNanos() {
        return openedNanos;
    }

    /**
     * The class file of one of the agent's classes (the bridge's too), by binary name, for code that
     * copies or relocates it; {@code null} when the agent has no such class.
     */
    public byte[] classFile(String name) throws IOException {
        int[] at = packed.get(name);
        return at != null ? packedClassFile(at[0], at[1]) : unpackedClassFile(name);
    }

    /** A stored entry's stream skips by moving its position: one read of the class file itself. */
    private byte[] packedClassFile(int offset, int length) throws IOException {
        try (InputStream in = jar.getInputStream(pack)) {
            long skipped = 0;
            while (skipped < offset) {
                long step = in.skip(offset - skipped);
                if (step <= 0) {
                    throw new IOException("class pack shorter than its index");
                }
                skipped += step;
            }
            byte[] classFile = in.readNBytes(length);
            if (classFile.length != length) {
                throw new IOException("class pack shorter than its index");
            }
            return classFile;
        }
    }

    private byte[] unpackedClassFile(String name) throws IOException {
        String path = name.replace('.', '/') + ".class";
        InputStream in;
        if (jar != null) {
            ZipEntry entry = jar.getEntry(path);
            in = entry == null ? null : jar.getInputStream(entry);
        } else {
            in = launcher.getResourceAsStream(path);
        }
        if (in == null) {
            return null;
        }
        try (InputStream stream = in) {
            return stream.readAllBytes();
        }
    }

    /**
     * The agent's own resources (its version), from the jar, without asking the JDK's loaders first:
     * the platform loader looks for a resource of a package no module holds in every module, opening
     * the runtime image's reader (milliseconds). Nothing of the application's is served.
     */
    @Override
    public URL getResource(String name) {
        return name.startsWith(AGENT_RESOURCES) ? launcher.getResource(name) : super.getResource(name);
    }

    @Override
    protected URL findResource(String name) {
        return null;
    }
}
