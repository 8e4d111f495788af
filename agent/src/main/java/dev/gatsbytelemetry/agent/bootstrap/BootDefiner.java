package dev.gatsbytelemetry.agent.bootstrap;

/**
 * Runs inside {@link BridgeInjector}'s private class loader, the only module that
 * {@code jdk.internal.misc} is exported to, and defines class files in the bootstrap loader.
 *
 * <p>Calls {@code Unsafe} directly (compiled with {@code --add-exports}), and is called through an
 * exactly typed method handle: since JDK 18 core reflection runs on method handles (JEP 416), and
 * the three reflective calls this took before spun some 30 lambda-form classes, about 25 ms of the
 * application's startup on JDK 25.
 */
public final class BootDefiner {

    private BootDefiner() {
    }

    public static void defineInBootstrapLoader(String[] names, byte[][] classfiles) {
        jdk.internal.misc.Unsafe unsafe = jdk.internal.misc.Unsafe.getUnsafe();
        for (int i = 0; i < names.length; i++) {
            unsafe.defineClass(names[i], classfiles[i], 0, classfiles[i].length, null, null);
        }
    }
}
