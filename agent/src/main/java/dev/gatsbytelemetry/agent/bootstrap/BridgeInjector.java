package dev.gatsbytelemetry.agent.bootstrap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the bridge ({@code TelemetryBridge} and its {@code Handler}) in the bootstrap class loader,
 * so hooks in every class loader, {@code java.base} included, can call it.
 *
 * <p>Why not {@link Instrumentation#appendToBootstrapClassLoaderSearch}: on JDK 17 and 25 any append
 * to the boot class path makes HotSpot print "Sharing is only supported for boot loader classes
 * because bootstrap classpath has been appended" on stderr, at every start, and turns class-data
 * sharing off for the platform and application loaders (JDK {@code ClassLoaderExt::append_boot_classpath}).
 * Users would see the agent. Instead the two class files are defined directly with the JDK's internal
 * {@code Unsafe.defineClass(..., loader = null, ...)}. Access to {@code jdk.internal.misc} is exported
 * only to the unnamed module of a private, single-use class loader holding {@link BootDefiner}, never to
 * the application's unnamed module, so the application gains no access it did not have.
 *
 * <p>This class must not refer to the bridge's types: they would be loaded, wrongly, by the
 * application class loader before they exist in the bootstrap loader.
 */
public final class BridgeInjector {

    static final String BRIDGE = "dev.gatsbytelemetry.agent.bridge.TelemetryBridge";
    private static final String[] BRIDGE_CLASSES = {BRIDGE + "$Handler", BRIDGE};
    private static final String DEFINER = "dev.gatsbytelemetry.agent.bootstrap.BootDefiner";

    private BridgeInjector() {
    }

    /**
     * Makes sure the bridge lives in the bootstrap loader.
     *
     * @return {@code null} on success, else why it failed (for debug output)
     */
    public static String inject(Instrumentation instrumentation) {
        if (isInBootstrapLoader()) {
            return null;
        }
        try {
            byte[][] classes = new byte[BRIDGE_CLASSES.length][];
            byte[] definerClass;
            try (ClassFiles files = new ClassFiles()) {
                for (int i = 0; i < classes.length; i++) {
                    classes[i] = files.read(BRIDGE_CLASSES[i]);
                }
                definerClass = files.read(DEFINER);
            }
            PrivateLoader loader = new PrivateLoader(BridgeInjector.class.getClassLoader());
            Class<?> definer = loader.define(DEFINER, definerClass);
            instrumentation.redefineModule(Object.class.getModule(), Set.of(),
                    Map.of("jdk.internal.misc", Set.of(loader.getUnnamedModule())), Map.of(), Set.of(), Map.of());
            MethodHandle define = MethodHandles.lookup().findStatic(definer, "defineInBootstrapLoader",
                    MethodType.methodType(void.class, String[].class, byte[][].class));
            define.invokeExact(BRIDGE_CLASSES, classes);
        } catch (Throwable t) {
            if (!isInBootstrapLoader()) {
                return String.valueOf(t);
            }
        }
        return isInBootstrapLoader() ? null : "the bridge is not visible from the bootstrap class loader";
    }

    private static boolean isInBootstrapLoader() {
        try {
            return Class.forName(BRIDGE, false, null) != null;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Reads class files straight from the agent jar: going through the class loader's resources
     * would first initialise the runtime image reader and a {@code jar:} URL handler, milliseconds
     * on the startup path. Falls back to resources when the agent runs from a directory (tests).
     */
    private static final class ClassFiles implements AutoCloseable {
        private final JarFile jar;

        ClassFiles() throws IOException {
            JarFile opened = null;
            try {
                File location = new File(BridgeInjector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (location.isFile()) {
                    opened = new JarFile(location, false);
                }
            } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
                opened = null;
            }
            this.jar = opened;
        }

        byte[] read(String className) throws IOException {
            String name = className.replace('.', '/') + ".class";
            InputStream in;
            if (jar != null) {
                JarEntry entry = jar.getJarEntry(name);
                in = entry == null ? null : jar.getInputStream(entry);
            } else {
                in = BridgeInjector.class.getResourceAsStream("/" + name);
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

    /** Holds {@link BootDefiner} alone, so the qualified export reaches nothing else. */
    private static final class PrivateLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        PrivateLoader(ClassLoader parent) {
            super("gatsby-telemetry-bootstrap-injector", parent);
        }

        Class<?> define(String name, byte[] classfile) {
            return defineClass(name, classfile, 0, classfile.length);
        }
    }
}
