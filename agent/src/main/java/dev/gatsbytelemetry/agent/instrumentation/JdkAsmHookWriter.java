package dev.gatsbytelemetry.agent.instrumentation;

import dev.gatsbytelemetry.agent.bootstrap.AgentJarClassFiles;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link AsmHookWriter} and its two visitors running on the JDK's own copy of ASM
 * ({@code jdk.internal.org.objectweb.asm}, JDK 17 to 23) instead of the one the agent bundles.
 *
 * <p>Implementation notes. Why: a first run (nothing in the {@link HookedClassCache}) rewrote the
 * JDK hooks' classes in premain with the bundled ASM, whose first use cost the JVM's main thread
 * 14-21 ms of CPU on JDK 17: ~30 classes, 280 KB, read from the agent jar, parsed and verified. The
 * JDK's copy is in the default CDS archive (the launcher's lambdas have loaded most of it before
 * premain) and, being {@code java.base}'s, is never verified: the same first rewrite of
 * {@code Thread} cost 2.3 ms (docs/architecture.md, "First runs"). The agent's three writer classes
 * are not written twice: their class files are copied from the agent jar with the constant pool's
 * ASM package renamed ({@link ConstantPoolRelocation}) and the ASM API level lowered from 9 to 8
 * (JDK 17's copy knows no {@code ASM9}), and defined in a private class loader whose unnamed module
 * alone gets {@code jdk.internal.org.objectweb.asm} exported to it, never the application's (as for
 * {@code jdk.internal.misc}, see {@code bootstrap/JdkInternals}). Everything else they use
 * ({@link Hook}, {@link HookPlan}, the selector interface) comes from the agent's loader.
 *
 * <p>The JDK's copy only reads the class file versions of its JDK, and with API level 8 refuses
 * sealed classes ({@code PermittedSubclasses}): whatever it refuses, the bundled ASM writes
 * ({@link HookWeaver}). JDK 24 and later have no copy: {@link #load} returns null there.
 */
final class JdkAsmHookWriter {

    private static final String JDK_ASM = "jdk/internal/org/objectweb/asm/";
    /** The bundled ASM's package, before and after the shaded jar relocates it. */
    private static final String[] BUNDLED_ASM = {"net/bytebuddy/jar/asm/", "dev/gatsbytelemetry/agent/shaded/bytebuddy/jar/asm/"};
    private static final int ASM9 = 9 << 16;
    private static final int ASM8 = 8 << 16;
    private static final String PACKAGE = "dev.gatsbytelemetry.agent.instrumentation.";
    /** The writer and every class of its own it loads; HookMethodVisitor$1 is the switch over Hook.Kind. */
    static final String[] CLASSES = {PACKAGE + "AsmHookWriter", PACKAGE + "HookClassVisitor",
            PACKAGE + "HookMethodVisitor", PACKAGE + "HookMethodVisitor$1"};

    private JdkAsmHookWriter() {
    }

    /**
     * The relocated {@code AsmHookWriter.write(byte[], HookPlan)}, or {@code null} when this JDK has
     * no copy of ASM.
     *
     * @param exportTo   exports {@code jdk.internal.org.objectweb.asm} to the given module
     * @throws Exception when the copy cannot be made: the caller keeps to the bundled ASM
     */
    static MethodHandle load(Consumer<Module> exportTo) throws Exception {
        if (!jdkHasAsm()) {
            return null;
        }
        Map<String, byte[]> relocated = new HashMap<>();
        try (AgentJarClassFiles files = new AgentJarClassFiles()) {
            for (String name : CLASSES) {
                relocated.put(name, ConstantPoolRelocation.relocate(files.read(name), BUNDLED_ASM, JDK_ASM, ASM9, ASM8));
            }
        }
        RelocatedLoader loader = new RelocatedLoader(JdkAsmHookWriter.class.getClassLoader(), relocated);
        exportTo.accept(loader.getUnnamedModule());
        Class<?> writer = loader.loadClass(CLASSES[0]);
        return MethodHandles.lookup().findStatic(writer, "write",
                MethodType.methodType(byte[].class, byte[].class, HookPlan.class));
    }

    /** Whether this JDK carries its own copy of ASM (JDK 17 to 23). */
    static boolean jdkHasAsm() {
        return Object.class.getModule().getPackages().contains("jdk.internal.org.objectweb.asm");
    }

    /** Defines the relocated classes itself and asks its parent for everything else. */
    private static final class RelocatedLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        RelocatedLoader(ClassLoader parent, Map<String, byte[]> classes) {
            super("gatsby-telemetry-jdk-asm", parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            byte[] classfile = classes.get(name);
            if (classfile == null) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : defineClass(name, classfile, 0, classfile.length);
            }
        }
    }
}
