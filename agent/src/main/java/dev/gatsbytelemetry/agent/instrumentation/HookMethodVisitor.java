package dev.gatsbytelemetry.agent.instrumentation;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Inlines one hook into a method: a bridge call on entry, one before every return, and a
 * catch-all handler that reports the throwable and rethrows it.
 *
 * <p>Implementation notes. The hook keeps no state in the method's frame: no new local variable,
 * nothing left on the operand stack. That is what lets it be written without recomputing stack map
 * frames (which would need class loading inside the transformer, a source of
 * {@code ClassCircularityError}, raphw/byte-buddy#1666): the original frames stay valid, and the only
 * new frame, at the handler, declares no locals and just the throwable on the stack, which every
 * instruction of the protected range satisfies. Timing state lives in the recorder, per thread.
 * The handler's exception-table entry is added in {@link #visitMaxs}, after all of the method's
 * own entries, so the method's own {@code catch} blocks still see their exceptions first.
 * Constructors are never hooked (their {@code this} is uninitialized before {@code super()}).
 */
final class HookMethodVisitor extends MethodVisitor {

    static final String BRIDGE = "dev/gatsbytelemetry/agent/bridge/TelemetryBridge";
    private static final int EXTRA_STACK = 8;

    private final Hook hook;
    private final boolean isStatic;
    private final Type[] argumentTypes;
    private final Type returnType;
    private final boolean writeFrames;
    private final Label start = new Label();
    private final Label end = new Label();
    private final Label handler = new Label();

    HookMethodVisitor(MethodVisitor delegate, int access, String descriptor, Hook hook, boolean writeFrames) {
        super(Opcodes.ASM9, delegate);
        this.hook = hook;
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        this.argumentTypes = Type.getArgumentTypes(descriptor);
        this.returnType = Type.getReturnType(descriptor);
        this.writeFrames = writeFrames;
    }

    private boolean hasExitHooks() {
        return hook.kind() == Hook.Kind.COMMAND || hook.kind() == Hook.Kind.STAGE || hook.kind() == Hook.Kind.OBSERVE;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        switch (hook.kind()) {
            case COMMAND:
                pushInt(hook.id());
                pushArgumentArray();
                bridge("commandEnter", "(I[Ljava/lang/Object;)V");
                break;
            case STAGE:
                pushInt(hook.id());
                bridge("stageEnter", "(I)V");
                break;
            case OBSERVE:
                pushInt(hook.id());
                if (isStatic) {
                    super.visitInsn(Opcodes.ACONST_NULL);
                } else {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                }
                pushArgumentArray();
                bridge("observeEnter", "(ILjava/lang/Object;[Ljava/lang/Object;)V");
                break;
            case UNCAUGHT:
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ALOAD, 1);
                bridge("uncaughtException", "(Ljava/lang/Thread;Ljava/lang/Throwable;)V");
                break;
            case EXIT:
                super.visitVarInsn(Opcodes.ILOAD, 0);
                bridge("exitRequested", "(I)V");
                break;
            case PROCESS_START:
                super.visitVarInsn(Opcodes.ALOAD, 0);
                bridge("processStarting", "(Ljava/lang/ProcessBuilder;)V");
                break;
            default:
                throw new IllegalStateException(hook.kind().name());
        }
        if (hasExitHooks()) {
            super.visitLabel(start);
        }
    }

    @Override
    public void visitInsn(int opcode) {
        if (hook.kind() == Hook.Kind.OBSERVE && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            // The returned value stays where it is: a boxed copy goes to the bridge.
            if (opcode == Opcodes.RETURN) {
                super.visitInsn(Opcodes.ACONST_NULL);
            } else {
                super.visitInsn(returnType.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
                box(returnType);
            }
            pushInt(hook.id());
            bridge("observeExit", "(Ljava/lang/Object;I)V");
        } else if (hasExitHooks() && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            pushInt(hook.id());
            bridge(hook.kind() == Hook.Kind.COMMAND ? "commandExit" : "stageExit", "(I)V");
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (hasExitHooks()) {
            super.visitLabel(end);
            super.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
            super.visitLabel(handler);
            if (writeFrames) {
                super.visitFrame(Opcodes.F_FULL, 0, new Object[0], 1, new Object[] {"java/lang/Throwable"});
            }
            super.visitInsn(Opcodes.DUP);
            pushInt(hook.id());
            bridge(hook.kind() == Hook.Kind.COMMAND ? "commandThrow"
                    : hook.kind() == Hook.Kind.OBSERVE ? "observeThrow" : "stageThrow", "(Ljava/lang/Throwable;I)V");
            super.visitInsn(Opcodes.ATHROW);
        }
        super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
    }

    private void pushArgumentArray() {
        pushInt(argumentTypes.length);
        super.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < argumentTypes.length; i++) {
            Type type = argumentTypes[i];
            super.visitInsn(Opcodes.DUP);
            pushInt(i);
            super.visitVarInsn(type.getOpcode(Opcodes.ILOAD), slot);
            box(type);
            super.visitInsn(Opcodes.AASTORE);
            slot += type.getSize();
        }
    }

    private void box(Type type) {
        String owner;
        switch (type.getSort()) {
            case Type.BOOLEAN: owner = "java/lang/Boolean"; break;
            case Type.CHAR: owner = "java/lang/Character"; break;
            case Type.BYTE: owner = "java/lang/Byte"; break;
            case Type.SHORT: owner = "java/lang/Short"; break;
            case Type.INT: owner = "java/lang/Integer"; break;
            case Type.FLOAT: owner = "java/lang/Float"; break;
            case Type.LONG: owner = "java/lang/Long"; break;
            case Type.DOUBLE: owner = "java/lang/Double"; break;
            default: return;
        }
        super.visitMethodInsn(Opcodes.INVOKESTATIC, owner, "valueOf",
                "(" + type.getDescriptor() + ")L" + owner + ";", false);
    }

    private void pushInt(int value) {
        if (value >= -1 && value <= 5) {
            super.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            super.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            super.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            super.visitLdcInsn(value);
        }
    }

    private void bridge(String method, String descriptor) {
        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, method, descriptor, false);
    }
}
