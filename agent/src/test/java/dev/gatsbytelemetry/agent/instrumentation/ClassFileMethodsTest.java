package dev.gatsbytelemetry.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * {@link ClassFileMethods} must see exactly the methods, descriptors and access flags that ASM's
 * {@code ClassReader} reports to the rewrite: the plan is made from the one, the rewrite done with
 * the other.
 */
class ClassFileMethodsTest {

    @Test
    void agreesWithAsmOnEveryClassOfJavaBase() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<Path> classes;
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base"))) {
            classes = files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
        assertThat(classes).hasSizeGreaterThan(3000);
        for (Path file : classes) {
            byte[] bytes = Files.readAllBytes(file);
            assertThat(describe(ClassFileMethods.of(bytes))).as(file.toString()).isEqualTo(asmView(bytes));
        }
    }

    @Test
    void agreesWithAsmOnSyntheticAndDeprecatedAttributesAndUnusualNames() throws IOException {
        for (int version : new int[] {Opcodes.V1_4, Opcodes.V17}) {
            byte[] bytes = generated(version);
            List<ClassFileMethods.Method> methods = ClassFileMethods.of(bytes);
            assertThat(describe(methods)).as("class file version %d", version).isEqualTo(asmView(bytes));
            assertThat(methods).extracting(ClassFileMethods.Method::name)
                    .contains("na\u00efve\u0000\uD834\uDD1E", "old");
            // Before Java 5 "synthetic" is an attribute only; ASM reports it as a flag, and so must we.
            assertThat(methods.stream().filter(m -> m.name().equals("old")).findFirst().orElseThrow().access()
                    & (ClassFileMethods.ACC_SYNTHETIC | ClassFileMethods.ACC_DEPRECATED))
                    .isEqualTo(ClassFileMethods.ACC_SYNTHETIC | ClassFileMethods.ACC_DEPRECATED);
        }
    }

    @Test
    void agreesWithAsmOnTheTestFixture() throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/testfixtures/Pipeline.class")) {
            bytes = in.readAllBytes();
        }
        assertThat(describe(ClassFileMethods.of(bytes))).isEqualTo(asmView(bytes)).isNotEmpty();
    }

    @Test
    void malformedClassFilesAreRejectedWithIllegalArgumentException() throws IOException {
        byte[] good = generated(Opcodes.V17);
        assertThatThrownBy(() -> ClassFileMethods.of(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClassFileMethods.of(Arrays.copyOf(good, good.length / 2)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] badTag = good.clone();
        badTag[10] = 99; // the first constant's tag
        assertThatThrownBy(() -> ClassFileMethods.of(badTag)).isInstanceOf(IllegalArgumentException.class);
        byte[] badMagic = good.clone();
        badMagic[0] = 0;
        assertThatThrownBy(() -> ClassFileMethods.of(badMagic)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A class with a non-ASCII method name (modified UTF-8: NUL and a supplementary character) and
     *  a synthetic, deprecated method, written the way the given class file version stores them. */
    private static byte[] generated(int version) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(version, Opcodes.ACC_PUBLIC, "gen/Unusual", null, "java/lang/Object", null);
        writer.visitField(Opcodes.ACC_PRIVATE, "field", "I", null, null).visitEnd();
        method(writer, Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "na\u00efve\u0000\uD834\uDD1E", "()V");
        method(writer, Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_DEPRECATED, "old", "(JD)V");
        MethodVisitor abstractOne = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_NATIVE, "nat", "()I", null, null);
        abstractOne.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static void method(ClassWriter writer, int access, String name, String descriptor) {
        MethodVisitor method = writer.visitMethod(access, name, descriptor, null, null);
        method.visitCode();
        method.visitLdcInsn(12345678901L);
        method.visitInsn(Opcodes.POP2);
        method.visitLdcInsn(2.5d);
        method.visitInsn(Opcodes.POP2);
        method.visitInsn(Opcodes.RETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
    }

    private static List<String> describe(List<ClassFileMethods.Method> methods) {
        List<String> described = new ArrayList<>();
        for (ClassFileMethods.Method method : methods) {
            described.add(method.name() + method.descriptor() + " " + method.access());
        }
        return described;
    }

    private static List<String> asmView(byte[] bytes) {
        List<String> seen = new ArrayList<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                seen.add(name + descriptor + " " + access);
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return seen;
    }
}
