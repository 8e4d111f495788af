package bench.noop;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * An agent that registers one transformer which changes nothing: what the JVM itself charges per
 * loaded class while any {@link ClassFileTransformer} is registered (the class bytes copied into a
 * new array, class-data-shared classes read back from the runtime image or jar, one up-call).
 */
public final class NoopTransformerAgent {

    private NoopTransformerAgent() {
    }

    /**
     * With the argument {@code toggle}, registers nothing and hands the transformer and the
     * instrumentation to the benchmark's main class (system properties, a benchmark-only shortcut),
     * which switches it on and off between batches of class loads to measure both in one JVM.
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        ClassFileTransformer nothing = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                    ProtectionDomain domain, byte[] classfile) {
                return null;
            }
        };
        if ("toggle".equals(arguments)) {
            System.getProperties().put("bench.instrumentation", instrumentation);
            System.getProperties().put("bench.transformer", nothing);
        } else {
            instrumentation.addTransformer(nothing, false);
        }
    }
}
