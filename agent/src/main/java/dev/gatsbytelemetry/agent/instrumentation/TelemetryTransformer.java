package dev.gatsbytelemetry.agent.instrumentation;

import dev.gatsbytelemetry.agent.bridge.TelemetryBridge;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;

/**
 * Hooks application classes as the JVM loads them, in any class loader.
 *
 * <p>Why not Byte Buddy's {@code AgentBuilder} and {@code Advice}: their first use costs 300–700 ms
 * of class loading on the JVM's startup path (measured in BENCHMARKS.md), more than this agent's
 * whole startup budget. The hooks here are three bridge calls, written directly with the ASM copy
 * that Byte Buddy bundles (relocated with it); the first transform costs about 20 ms.
 *
 * <p>Never throws: a class the transformer cannot handle is loaded unchanged.
 */
public final class TelemetryTransformer implements ClassFileTransformer {

    private final HookTargets targets;
    private final Instrumentation instrumentation;
    private final AgentLog log;
    private final Module bridgeModule = TelemetryBridge.class.getModule();

    public TelemetryTransformer(HookTargets targets, Instrumentation instrumentation, AgentLog log) {
        this.targets = targets;
        this.instrumentation = instrumentation;
        this.log = log;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || classBeingRedefined != null) {
            return null;
        }
        HookClassVisitor.MethodSelector selector = targets;
        if (!targets.mightMatch(className)) {
            if (!targets.isSourceFileClass(loader)) {
                return null;
            }
            selector = targets.forSourceFileClass();
        }
        try {
            if (loader == null || HookTargets.isProtected(className)) {
                log.warnOnce("not instrumenting " + className.replace('/', '.')
                        + ": JDK and agent classes are never instrumented");
                return null;
            }
            byte[] result = rewrite(className, classfileBuffer, selector);
            if (result != null && module != null && module.isNamed() && !module.canRead(bridgeModule)) {
                instrumentation.redefineModule(module, Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
            }
            return result;
        } catch (Throwable t) {
            log.warnOnce("could not instrument " + className.replace('/', '.') + " (" + t + "); it runs unchanged");
            return null;
        }
    }

    /** Rewrites one class file, or returns {@code null} when no method was selected. */
    static byte[] rewrite(String className, byte[] classfile, HookClassVisitor.MethodSelector selector) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, 0);
        HookClassVisitor visitor = new HookClassVisitor(writer, selector);
        reader.accept(visitor, 0);
        return visitor.hookedMethods().isEmpty() ? null : writer.toByteArray();
    }
}
