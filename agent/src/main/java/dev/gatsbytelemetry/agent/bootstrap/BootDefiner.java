package dev.gatsbytelemetry.agent.bootstrap;

import java.lang.reflect.Method;

/**
 * Runs inside {@link BridgeInjector}'s private class loader, the only module that
 * {@code jdk.internal.misc} is exported to, and defines class files in the bootstrap loader.
 */
public final class BootDefiner {

    private BootDefiner() {
    }

    public static void defineInBootstrapLoader(String[] names, byte[][] classfiles) throws ReflectiveOperationException {
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, java.security.ProtectionDomain.class);
        for (int i = 0; i < names.length; i++) {
            define.invoke(unsafe, names[i], classfiles[i], 0, classfiles[i].length, null, null);
        }
    }
}
