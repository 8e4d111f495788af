package dev.gatsbytelemetry.agent.instrumentation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Rewrites names in a class file's constant pool: every {@code Utf8} constant has each of some
 * package prefixes replaced by another, and {@code Integer} constants of one value get another.
 * Everything after the constant pool refers to it by index and is copied unchanged.
 *
 * <p>Used to make a copy of the hook writer that runs on the JDK's own ASM instead of the bundled
 * one ({@link JdkAsmHookWriter}). The prefixes are ASCII, and in modified UTF-8 an ASCII byte never
 * occurs inside a multi-byte sequence, so replacing bytes is replacing characters.
 */
final class ConstantPoolRelocation {

    private ConstantPoolRelocation() {
    }

    /**
     * @throws IllegalArgumentException if the bytes are not a well-formed class file
     */
    static byte[] relocate(byte[] classfile, String[] fromPrefixes, String toPrefix, int fromInt, int toInt) {
        try {
            if (classfile.length < 10 || readInt(classfile, 0) != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(classfile.length + 256);
            out.write(classfile, 0, 10);
            int count = readUnsignedShort(classfile, 8);
            int position = 10;
            for (int i = 1; i < count; i++) {
                int tag = classfile[position] & 0xFF;
                int length;
                switch (tag) {
                    case 1: // Utf8
                        int size = readUnsignedShort(classfile, position + 1);
                        String text = new String(classfile, position + 3, size, StandardCharsets.ISO_8859_1);
                        String relocated = text;
                        for (String from : fromPrefixes) {
                            relocated = relocated.replace(from, toPrefix);
                        }
                        if (!relocated.equals(text)) {
                            byte[] bytes = relocated.getBytes(StandardCharsets.ISO_8859_1);
                            if (bytes.length > 0xFFFF) {
                                throw new IllegalArgumentException("constant too long after relocation");
                            }
                            out.write(1);
                            out.write(bytes.length >>> 8);
                            out.write(bytes.length);
                            out.write(bytes, 0, bytes.length);
                            position += 3 + size;
                            continue;
                        }
                        length = 3 + size;
                        break;
                    case 3: // Integer
                        if (readInt(classfile, position + 1) == fromInt) {
                            out.write(3);
                            out.write(toInt >>> 24);
                            out.write(toInt >>> 16);
                            out.write(toInt >>> 8);
                            out.write(toInt);
                            position += 5;
                            continue;
                        }
                        length = 5;
                        break;
                    case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                        length = 3;
                        break;
                    case 15: // MethodHandle
                        length = 4;
                        break;
                    case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                        length = 5;
                        break;
                    case 5: case 6: // Long and Double take two entries
                        length = 9;
                        i++;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown constant pool tag " + tag);
                }
                out.write(classfile, position, length);
                position += length;
            }
            out.write(classfile, position, classfile.length - position);
            return out.toByteArray();
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated class file", e);
        }
    }

    private static int readUnsignedShort(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    private static int readInt(byte[] bytes, int offset) {
        return (readUnsignedShort(bytes, offset) << 16) | readUnsignedShort(bytes, offset + 2);
    }
}
