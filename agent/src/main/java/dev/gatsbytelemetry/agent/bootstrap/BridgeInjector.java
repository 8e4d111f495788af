package dev.gatsbytelemetry.agent.bootstrap;

/**
 * Defines the bridge ({@code TelemetryBridge} and its {@code Handler}) in the bootstrap class loader,
 * so hooks in every class loader, {@code java.base} included, can call it.
 *
 * <p>Why not {@link java.lang.instrument.Instrumentation#appendToBootstrapClassLoaderSearch}: on JDK
 * 17 and 25 any append to the boot class path makes HotSpot print "Sharing is only supported for
 * boot loader classes because bootstrap classpath has been appended" on stderr, at every start, and
 * turns class-data sharing off for the platform and application loaders (JDK
 * {@code ClassLoaderExt::append_boot_classpath}). Users would see the agent. Instead the two class
 * files are defined directly with the JDK's internal {@code Unsafe.defineClass(..., loader = null,
 * ...)}, through {@link JdkInternals}.
 *
 * <p>This class must not refer to the bridge's types: they would be loaded, wrongly, by the
 * application class loader before they exist in the bootstrap loader.
 */
public final class BridgeInjector {

    static final String BRIDGE = "dev.gatsbytelemetry.agent.bridge.TelemetryBridge";
    private static final String[] BRIDGE_CLASSES = {BRIDGE + "$Handler", BRIDGE};

    private BridgeInjector() {
    }

    /**
     * Makes sure the bridge lives in the bootstrap loader.
     *
     * @return {@code null} on success, else why it failed (for debug output)
     */
    public static String inject(JdkInternals internals) {
        if (isInBootstrapLoader()) {
            return null;
        }
        try {
            byte[][] classes = new byte[BRIDGE_CLASSES.length][];
            try (AgentJarClassFiles files = new AgentJarClassFiles()) {
                for (int i = 0; i < classes.length; i++) {
                    classes[i] = files.read(BRIDGE_CLASSES[i]);
                }
            }
            internals.defineInBootstrapLoader(BRIDGE_CLASSES, classes);
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
}
