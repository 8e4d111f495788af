package dev.gatsbytelemetry.agent.bootstrap;

/**
 * Runs inside {@link JdkInternals}' private class loader, the only module that
 * {@code jdk.internal.misc} is exported to: defines class files in the bootstrap loader and reads
 * the JVM's arguments. Calls {@code jdk.internal.misc} directly (compiled with
 * {@code --add-exports}); see {@link JdkInternals} for why not through reflection.
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

    public static String[] vmArguments() {
        return jdk.internal.misc.VM.getRuntimeArguments();
    }
}
