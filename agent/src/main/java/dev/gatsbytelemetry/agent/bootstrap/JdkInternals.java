package dev.gatsbytelemetry.agent.bootstrap;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Set;

/**
 * The agent's one door into {@code jdk.internal.misc}: {@link BootDefiner}, defined in a private,
 * single-use class loader, and {@code jdk.internal.misc} exported to that loader's unnamed module
 * only, never to the application's, so the application gains no access it did not have.
 *
 * <p>Through it the bridge is defined in the bootstrap loader ({@link BridgeInjector}) and the JVM's
 * own arguments are read (to stay out of class-data archive creation). It is entered through exactly
 * typed method handles, not core reflection: since JDK 18 reflection runs on method handles
 * (JEP 416) and each reflective call spun lambda-form classes, 25 ms of startup on JDK 25.
 */
public final class JdkInternals {

    private static final String DEFINER = "dev.gatsbytelemetry.agent.bootstrap.BootDefiner";

    private final MethodHandle define;
    private final MethodHandle vmArguments;

    private JdkInternals(MethodHandle define, MethodHandle vmArguments) {
        this.define = define;
        this.vmArguments = vmArguments;
    }

    /** Defines {@link BootDefiner} in its private loader and exports {@code jdk.internal.misc} to it. */
    public static JdkInternals open(Instrumentation instrumentation) throws Exception {
        byte[] definerClass;
        try (AgentJarClassFiles files = new AgentJarClassFiles()) {
            definerClass = files.read(DEFINER);
        }
        PrivateLoader loader = new PrivateLoader(JdkInternals.class.getClassLoader());
        Class<?> definer = loader.define(DEFINER, definerClass);
        instrumentation.redefineModule(Object.class.getModule(), Set.of(),
                Map.of("jdk.internal.misc", Set.of(loader.getUnnamedModule())), Map.of(), Set.of(), Map.of());
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        return new JdkInternals(
                lookup.findStatic(definer, "defineInBootstrapLoader",
                        MethodType.methodType(void.class, String[].class, byte[][].class)),
                lookup.findStatic(definer, "vmArguments", MethodType.methodType(String[].class)));
    }

    /** Defines the class files, in order, in the bootstrap class loader. */
    void defineInBootstrapLoader(String[] names, byte[][] classfiles) throws Throwable {
        define.invokeExact(names, classfiles);
    }

    /**
     * The JVM's own options, as given on the command line and in {@code JAVA_TOOL_OPTIONS} (not the
     * application's arguments); empty if they cannot be read. Never throws.
     */
    public String[] vmArguments() {
        try {
            String[] arguments = (String[]) vmArguments.invokeExact();
            return arguments == null ? new String[0] : arguments;
        } catch (Throwable t) {
            return new String[0];
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
