package dev.gatsbytelemetry.agent.instrumentation;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;

/**
 * Carries out a {@link HookPlan} with the ASM copy that Byte Buddy bundles (relocated with it).
 *
 * <p>The only class on the transform path that refers to ASM, so that loading and verifying the
 * others loads none of it: a run whose hooked classes all come from the {@link HookedClassCache}
 * never loads ASM. The output depends only on the class bytes, the plan and this agent build.
 * Public because {@link JdkAsmHookWriter} calls its copy on the JDK's ASM from another class loader.
 */
public final class AsmHookWriter {

    private AsmHookWriter() {
    }

    /** The rewritten class file, or {@code null} when no method of the plan was found. */
    public static byte[] write(byte[] classfile, HookPlan plan) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, 0);
        HookClassVisitor visitor = new HookClassVisitor(writer, plan);
        reader.accept(visitor, 0);
        return visitor.hookedMethods().isEmpty() ? null : writer.toByteArray();
    }
}
