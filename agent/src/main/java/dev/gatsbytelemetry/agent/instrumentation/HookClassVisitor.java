package dev.gatsbytelemetry.agent.instrumentation;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/** Applies {@link HookMethodVisitor} to the methods a {@link MethodSelector} picks in one class. */
final class HookClassVisitor extends ClassVisitor {

    /** Picks the hook for one method, or {@code null} to leave it alone. */
    public interface MethodSelector {
        Hook select(String internalClassName, String methodName, String descriptor, int access);
    }

    private final MethodSelector selector;
    private final List<String> hookedMethods = new ArrayList<>();
    private String className;
    private boolean writeFrames;

    HookClassVisitor(ClassVisitor delegate, MethodSelector selector) {
        super(Opcodes.ASM9, delegate);
        this.selector = selector;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.className = name;
        // Stack map frames exist from class file version 50 (Java 6); older classes must not get one.
        this.writeFrames = (version & 0xFFFF) >= Opcodes.V1_6;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (visitor == null || !HookPlan.canHook(name, access)) {
            return visitor;
        }
        Hook hook = selector.select(className, name, descriptor, access);
        if (hook == null) {
            return visitor;
        }
        hookedMethods.add(name + descriptor);
        return new HookMethodVisitor(visitor, access, descriptor, hook, writeFrames);
    }

    /** The methods that received a hook, as {@code name + descriptor}. */
    List<String> hookedMethods() {
        return hookedMethods;
    }
}
