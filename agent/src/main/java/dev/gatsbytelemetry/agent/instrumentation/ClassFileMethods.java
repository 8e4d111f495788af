package dev.gatsbytelemetry.agent.instrumentation;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The methods a class file declares (name, descriptor, access), read straight from its bytes.
 *
 * <p>Lets the transformer decide which methods get hooks, and find a class it hooked before in
 * the {@link HookedClassCache}, without loading ASM: ASM's first use costs 13-20 ms of class
 * loading, verification and interpretation on the JVM's startup path (BENCHMARKS.md). Only the
 * constant pool and the method table are read, never code.
 *
 * <p>The access flags are those ASM's {@code ClassReader} reports, so both see the same methods:
 * a {@code Synthetic} attribute adds {@code ACC_SYNTHETIC} and a {@code Deprecated} attribute ASM's
 * pseudo-flag {@code ACC_DEPRECATED}. {@code ClassFileMethodsTest} checks this against ASM over every
 * class of {@code java.base}.
 */
final class ClassFileMethods {

    static final int ACC_SYNTHETIC = 0x1000;
    /** ASM's pseudo access flag for the {@code Deprecated} attribute ({@code Opcodes.ACC_DEPRECATED}). */
    static final int ACC_DEPRECATED = 0x20000;

    private static final int MAGIC = 0xCAFEBABE;

    /** One declared method. Immutable. */
    static final class Method {
        private final String name;
        private final String descriptor;
        private final int access;

        Method(String name, String descriptor, int access) {
            this.name = name;
            this.descriptor = descriptor;
            this.access = access;
        }

        String name() {
            return name;
        }

        String descriptor() {
            return descriptor;
        }

        int access() {
            return access;
        }

        @Override
        public String toString() {
            return name + descriptor + " 0x" + Integer.toHexString(access);
        }
    }

    private final byte[] bytes;
    /** Offset of each constant pool entry's first byte after its tag, by index. */
    private final int[] constants;
    private int position;

    private ClassFileMethods(byte[] bytes) {
        this.bytes = bytes;
        if (bytes.length < 10 || readInt(0) != MAGIC) {
            throw new IllegalArgumentException("not a class file");
        }
        int count = readUnsignedShort(8);
        constants = new int[count];
        position = 10;
        for (int i = 1; i < count; i++) {
            int tag = bytes[position++] & 0xFF;
            constants[i] = position;
            switch (tag) {
                case 1: // Utf8
                    position += 2 + readUnsignedShort(position);
                    break;
                case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                    position += 2;
                    break;
                case 15: // MethodHandle
                    position += 3;
                    break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                    position += 4;
                    break;
                case 5: case 6: // Long and Double take two entries
                    position += 8;
                    i++;
                    break;
                default:
                    throw new IllegalArgumentException("unknown constant pool tag " + tag);
            }
        }
    }

    /**
     * The methods of a class file, in declaration order (the order ASM visits them).
     *
     * @throws IllegalArgumentException if the bytes are not a well-formed class file
     */
    static List<Method> of(byte[] classfile) {
        try {
            return new ClassFileMethods(classfile).methods();
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated class file", e);
        }
    }

    private List<Method> methods() {
        position += 6; // access, this class, super class
        position += 2 + 2 * readUnsignedShort(position); // interfaces
        int fields = readUnsignedShort(position);
        position += 2;
        for (int i = 0; i < fields; i++) {
            position += 6;
            skipAttributes();
        }
        int count = readUnsignedShort(position);
        position += 2;
        List<Method> methods = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int access = readUnsignedShort(position);
            String name = utf8(readUnsignedShort(position + 2));
            String descriptor = utf8(readUnsignedShort(position + 4));
            position += 6;
            int attributes = readUnsignedShort(position);
            position += 2;
            for (int a = 0; a < attributes; a++) {
                int nameIndex = readUnsignedShort(position);
                if (utf8Equals(nameIndex, "Synthetic")) {
                    access |= ACC_SYNTHETIC;
                } else if (utf8Equals(nameIndex, "Deprecated")) {
                    access |= ACC_DEPRECATED;
                }
                position += 6 + readInt(position + 2);
            }
            methods.add(new Method(name, descriptor, access));
        }
        return methods;
    }

    private void skipAttributes() {
        int attributes = readUnsignedShort(position);
        position += 2;
        for (int a = 0; a < attributes; a++) {
            position += 6 + readInt(position + 2);
        }
    }

    private int utf8Offset(int index) {
        int offset = constants[index];
        if (offset == 0 || bytes[offset - 1] != 1) {
            throw new IllegalArgumentException("constant " + index + " is not a Utf8 entry");
        }
        return offset;
    }

    private boolean utf8Equals(int index, String ascii) {
        int offset = utf8Offset(index);
        int length = readUnsignedShort(offset);
        if (length != ascii.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[offset + 2 + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Decodes a Utf8 constant: plain ASCII directly, anything else as modified UTF-8. */
    private String utf8(int index) {
        int offset = utf8Offset(index);
        int length = readUnsignedShort(offset);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            byte b = bytes[offset + 2 + i];
            if (b <= 0) {
                return modifiedUtf8(offset, length);
            }
            chars[i] = (char) b;
        }
        return new String(chars);
    }

    private String modifiedUtf8(int offset, int length) {
        try {
            return new DataInputStream(new ByteArrayInputStream(bytes, offset, 2 + length)).readUTF();
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed Utf8 constant", e);
        }
    }

    private int readUnsignedShort(int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    private int readInt(int offset) {
        return (readUnsignedShort(offset) << 16) | readUnsignedShort(offset + 2);
    }
}
