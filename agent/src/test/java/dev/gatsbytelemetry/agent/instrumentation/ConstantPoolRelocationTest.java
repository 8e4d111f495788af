package dev.gatsbytelemetry.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Renaming packages in a class file's constant pool, and nothing else. */
class ConstantPoolRelocationTest {

    @Test
    void renamesEveryReferenceToAPackageAndOneIntegerConstantAndKeepsTheRest() throws Exception {
        byte[] original = classFile(HookMethodVisitor.class);
        String asm = MethodVisitorName.PACKAGE;
        byte[] relocated = ConstantPoolRelocation.relocate(original, new String[] {asm}, "x/y/", 9 << 16, 8 << 16);

        String before = new String(original, StandardCharsets.ISO_8859_1);
        String after = new String(relocated, StandardCharsets.ISO_8859_1);
        assertThat(before).contains(asm + "MethodVisitor");
        assertThat(after).doesNotContain(asm).contains("x/y/MethodVisitor", "Lx/y/Label;");
        assertThat(ClassFileMethods.of(relocated)).as("the same methods, read from the rewritten pool")
                .usingElementComparator((a, b) -> a.toString().replace("x/y/", asm).compareTo(b.toString()))
                .containsExactlyElementsOf(ClassFileMethods.of(original));
        assertThat(indexOf(original, intBytes(9 << 16))).isPositive();
        assertThat(indexOf(relocated, intBytes(9 << 16))).isNegative();
        assertThat(indexOf(relocated, intBytes(8 << 16))).isPositive();
        // everything after the pool (code, attributes) is byte for byte the original's
        int tail = 200;
        assertThat(Arrays.copyOfRange(relocated, relocated.length - tail, relocated.length))
                .isEqualTo(Arrays.copyOfRange(original, original.length - tail, original.length));
    }

    @Test
    void aClassWithNothingToRenameIsCopiedExactly() throws Exception {
        byte[] original = classFile(ClassPatch.class);
        assertThat(ConstantPoolRelocation.relocate(original, new String[] {"no/such/package/"}, "x/", 0x7EDCBA98, 6))
                .isEqualTo(original);
    }

    @Test
    void rejectsWhatIsNotAClassFile() {
        assertThatThrownBy(() -> ConstantPoolRelocation.relocate(new byte[] {1, 2, 3}, new String[0], "x/", 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] truncated = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 9, 1, 0, 100};
        assertThatThrownBy(() -> ConstantPoolRelocation.relocate(truncated, new String[0], "x/", 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The bundled ASM's package as the compiled classes name it (relocated or not). */
    private static final class MethodVisitorName {
        static final String PACKAGE = HookMethodVisitor.class.getSuperclass().getPackageName().replace('.', '/') + "/";
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private static byte[] intBytes(int value) {
        return new byte[] {3, (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }
}
