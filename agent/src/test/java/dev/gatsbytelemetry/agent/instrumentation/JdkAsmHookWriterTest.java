package dev.gatsbytelemetry.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hook writer's copy on the JDK's own ASM (JDK 17 to 23): the same hooked class files as the
 * bundled ASM's, its own class loader with the export granted to that loader only, and the bundled
 * ASM for what the JDK's copy refuses. (The surefire argLine exports the JDK's ASM to unnamed
 * modules, standing in for the agent's {@code Instrumentation.redefineModule}.)
 */
class JdkAsmHookWriterTest {

    private final List<Module> exportedTo = new ArrayList<>();

    @BeforeEach
    void onlyWhereTheJdkHasItsOwnAsm() {
        assumeTrue(Object.class.getModule().getPackages().contains("jdk.internal.org.objectweb.asm"),
                "JDK 24 and later have no jdk.internal.org.objectweb.asm");
    }

    @Test
    void writesTheSameHookedClassesAsTheBundledAsm() throws Throwable {
        MethodHandle jdk = JdkAsmHookWriter.load(exportedTo::add);
        assertThat(jdk).isNotNull();

        byte[] pipeline = classFile("/testfixtures/Pipeline.class");
        for (Hook.Kind kind : new Hook.Kind[] {Hook.Kind.STAGE, Hook.Kind.COMMAND, Hook.Kind.OBSERVE}) {
            HookPlan plan = HookPlan.of("testfixtures/Pipeline", pipeline,
                    (c, method, descriptor, access) -> new Hook(kind, 7));
            assertThat((byte[]) jdk.invokeExact(pipeline, plan)).as("every method hooked as %s", kind)
                    .isEqualTo(AsmHookWriter.write(pipeline, plan));
        }
        // the JDK hooks' classes, as JdkHooks plans them
        String[][] jdkHooks = {
            {"java/lang/Thread", "dispatchUncaughtException(Ljava/lang/Throwable;)V", "UNCAUGHT"},
            {"java/lang/Shutdown", "exit(I)V", "EXIT"},
            {"java/lang/ProcessBuilder", "start()Ljava/lang/Process;", "PROCESS_START"},
            {"java/lang/Throwable", "printStackTrace(Ljava/lang/Throwable$PrintStreamOrWriter;)V", "OBSERVE"},
        };
        for (String[] target : jdkHooks) {
            byte[] original = classFile("/" + target[0] + ".class");
            Hook hook = new Hook(Hook.Kind.valueOf(target[2]), 3);
            HookPlan plan = HookPlan.of(target[0], original,
                    (c, method, descriptor, access) -> (method + descriptor).equals(target[1]) ? hook : null);
            assertThat(plan).as(target[0]).isNotNull();
            byte[] hooked = (byte[]) jdk.invokeExact(original, plan);
            assertThat(hooked).as(target[0]).isNotEqualTo(original).isEqualTo(AsmHookWriter.write(original, plan));
        }
    }

    @Test
    void theCopyLivesInItsOwnLoaderWhichAloneIsGrantedTheJdksAsm() throws Throwable {
        MethodHandle jdk = JdkAsmHookWriter.load(exportedTo::add);

        assertThat(exportedTo).hasSize(1);
        Module granted = exportedTo.get(0);
        assertThat(granted.isNamed()).isFalse();
        assertThat(granted).as("never the agent's (the application's) unnamed module")
                .isNotSameAs(AsmHookWriter.class.getModule());
        assertThat(granted.getClassLoader()).isNotSameAs(AsmHookWriter.class.getClassLoader());
        assertThat(granted.getClassLoader().getParent()).isSameAs(AsmHookWriter.class.getClassLoader());
        // what the copy uses besides ASM is the agent's own: one HookPlan type on both sides
        assertThat(jdk.type().parameterType(1)).isSameAs(HookPlan.class);
        Class<?> visitor = granted.getClassLoader().loadClass(HookMethodVisitor.class.getName());
        assertThat(visitor).isNotSameAs(HookMethodVisitor.class);
        assertThat(visitor.getSuperclass().getName()).isEqualTo("jdk.internal.org.objectweb.asm.MethodVisitor");
    }

    @Test
    void theWeaverUsesTheJdksAsmAndTheBundledOneForWhatItRefuses() throws IOException {
        List<String> redefined = new ArrayList<>();
        Instrumentation instrumentation = (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    if (method.getName().equals("redefineModule")) {
                        @SuppressWarnings("unchecked")
                        Map<String, Set<Module>> exports = (Map<String, Set<Module>>) args[2];
                        redefined.add(((Module) args[0]).getName() + " " + exports.keySet()
                                + " to a named module: " + exports.values().iterator().next().iterator().next().isNamed());
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        ByteArrayOutputStream debug = new ByteArrayOutputStream();
        HookWeaver weaver = new HookWeaver(null, instrumentation, new AgentLog(new PrintStream(debug), true));
        HookClassVisitor.MethodSelector everyMethod = (c, method, descriptor, access) -> new Hook(Hook.Kind.STAGE, 1);

        byte[] pipeline = classFile("/testfixtures/Pipeline.class");
        assertThat(weaver.weave("testfixtures/Pipeline", pipeline, everyMethod))
                .isEqualTo(AsmHookWriter.write(pipeline, HookPlan.of("testfixtures/Pipeline", pipeline, everyMethod)));
        assertThat(redefined).containsExactly("java.base [jdk.internal.org.objectweb.asm] to a named module: false");
        assertThat(debug.toString()).doesNotContain("bundled ASM");

        byte[] sealed = classFile("/testfixtures/SealedShape.class");
        byte[] hooked = weaver.weave("testfixtures/SealedShape", sealed, everyMethod);
        assertThat(hooked).as("written by the bundled ASM")
                .isEqualTo(AsmHookWriter.write(sealed, HookPlan.of("testfixtures/SealedShape", sealed, everyMethod)));
        assertThat(debug.toString()).contains("hook written with the bundled ASM: the JDK's refused it");
        assertThat(redefined).as("the copy is made once").hasSize(1);
    }

    @Test
    void withoutInstrumentationTheWeaverKeepsToTheBundledAsm() throws IOException {
        HookClassVisitor.MethodSelector everyMethod = (c, method, descriptor, access) -> new Hook(Hook.Kind.STAGE, 1);
        byte[] pipeline = classFile("/testfixtures/Pipeline.class");
        assertThat(new HookWeaver(null).weave("testfixtures/Pipeline", pipeline, everyMethod))
                .isEqualTo(AsmHookWriter.write(pipeline, HookPlan.of("testfixtures/Pipeline", pipeline, everyMethod)));
    }

    private static byte[] classFile(String resource) throws IOException {
        try (InputStream in = JdkAsmHookWriterTest.class.getResourceAsStream(resource)) {
            if (in != null) {
                return in.readAllBytes();
            }
        }
        try (InputStream in = Object.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
