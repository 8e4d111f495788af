package dev.gatsbytelemetry.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatsbytelemetry.agent.bridge.TelemetryBridge;
import dev.gatsbytelemetry.agent.bridge.TestBridge;
import dev.gatsbytelemetry.agent.config.MethodPattern;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rewrites a real class file, loads it in its own class loader, and runs it against a recording bridge. */
class HookInliningTest {

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> stageNames = new ArrayList<>();
    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    @BeforeEach
    void recordBridgeCalls() {
        TestBridge.use(new TelemetryBridge.Handler() {
            @Override
            public void commandEnter(int id, Object[] arguments) {
                List<String> shown = new ArrayList<>();
                for (Object a : arguments) {
                    shown.add(a instanceof String[] ? String.join("|", (String[]) a) : String.valueOf(a));
                }
                calls.add("commandEnter " + id + " " + shown);
            }

            @Override
            public void commandExit(int id) {
                calls.add("commandExit " + id);
            }

            @Override
            public void commandThrow(int id, Throwable thrown) {
                calls.add("commandThrow " + id + " " + thrown.getClass().getSimpleName());
            }

            @Override
            public void stageEnter(int id) {
                calls.add("enter " + stageNames.get(id));
            }

            @Override
            public void stageExit(int id) {
                calls.add("exit " + stageNames.get(id));
            }

            @Override
            public void stageThrow(int id, Throwable thrown) {
                calls.add("throw " + stageNames.get(id) + " " + thrown.getMessage());
            }

            @Override
            public void uncaughtException(Thread thread, Throwable thrown) {
            }

            @Override
            public void exitRequested(int status) {
            }

            @Override
            public void processStarting(ProcessBuilder builder) {
            }

            @Override
            public void observeEnter(int id, Object self, Object[] arguments) {
                List<String> shown = new ArrayList<>();
                for (Object a : arguments) {
                    shown.add(String.valueOf(a));
                }
                calls.add("observeEnter " + id + " " + (self == null ? "static" : self.getClass().getSimpleName()) + " " + shown);
            }

            @Override
            public void observeExit(int id, Object returned) {
                calls.add("observeExit " + id + " " + (returned == null ? "null"
                        : returned.getClass().getSimpleName() + ":" + returned));
            }

            @Override
            public void observeThrow(int id, Throwable thrown) {
                calls.add("observeThrow " + id + " " + thrown.getMessage());
            }
        });
    }

    private HookTargets targets(String stages, String entryPoints) {
        return targets(stages, entryPoints, java.util.Map.of());
    }

    private HookTargets targets(String stages, String entryPoints, java.util.Map<String, Integer> observedPipelineMethods) {
        List<MethodPattern> stagePatterns = new ArrayList<>();
        for (String s : stages.split(",")) {
            if (!s.isBlank()) {
                stagePatterns.add(MethodPattern.parse(s));
            }
        }
        List<MethodPattern> entryPatterns = new ArrayList<>();
        for (String s : entryPoints.split(",")) {
            if (!s.isBlank()) {
                entryPatterns.add(MethodPattern.parse(s));
            }
        }
        HookRegistry registry = new HookRegistry() {
            @Override
            public int stageId(String stageName) {
                int index = stageNames.indexOf(stageName);
                if (index < 0) {
                    stageNames.add(stageName);
                    index = stageNames.size() - 1;
                }
                return index;
            }

            @Override
            public int entryPointId(String description) {
                return 7;
            }
        };
        return new HookTargets(stagePatterns, entryPatterns, null, registry, new AgentLog(new PrintStream(warnings), true),
                observedPipelineMethods.isEmpty() ? java.util.Map.of()
                        : java.util.Map.of("testfixtures/Pipeline", observedPipelineMethods));
    }

    private Class<?> rewrittenPipeline(HookTargets targets) throws Exception {
        byte[] original;
        try (InputStream in = getClass().getResourceAsStream("/testfixtures/Pipeline.class")) {
            original = in.readAllBytes();
        }
        byte[] rewritten = new HookWeaver(null).weave("testfixtures/Pipeline", original, targets);
        assertThat(rewritten).isNotNull();
        ClassLoader loader = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (name.equals("testfixtures.Pipeline")) {
                    return defineClass(name, rewritten, 0, rewritten.length);
                }
                if (name.startsWith("dev.gatsbytelemetry.agent.bridge.")) {
                    // In production the bridge lives in the bootstrap loader; here, the test's loader.
                    return HookInliningTest.class.getClassLoader().loadClass(name);
                }
                throw new ClassNotFoundException(name);
            }
        };
        return loader.loadClass("testfixtures.Pipeline");
    }

    @Test
    void stageHooksSeeEveryReturnAndEveryEscapingThrowableButNotCaughtOnes() throws Exception {
        Class<?> pipeline = rewrittenPipeline(targets("testfixtures.Pipeline#transform=transform pages,testfixtures.Pipeline#nothing", ""));
        Object instance = pipeline.getConstructor().newInstance();
        Method transform = pipeline.getMethod("transform", int.class);

        assertThat(transform.invoke(instance, 3)).isEqualTo(6);
        assertThat(transform.invoke(instance, 13)).as("the method's own catch still runs first").isEqualTo(-13);
        assertThatThrownBy(() -> transform.invoke(instance, -1))
                .isInstanceOf(InvocationTargetException.class)
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("negative");
        pipeline.getMethod("nothing").invoke(instance);

        assertThat(calls).containsExactly(
                "enter transform pages", "exit transform pages",
                "enter transform pages", "exit transform pages",
                "enter transform pages", "throw transform pages negative",
                "enter Pipeline#nothing", "exit Pipeline#nothing");
    }

    @Test
    void returnValuesOfEveryTypeSurvive() throws Exception {
        Class<?> pipeline = rewrittenPipeline(targets("testfixtures.Pipeline#*", ""));
        Object instance = pipeline.getConstructor().newInstance();
        assertThat(pipeline.getMethod("widen", long.class, double.class).invoke(instance, 40L, 2.9)).isEqualTo(42L);
        assertThat(pipeline.getMethod("render", String.class).invoke(instance, "x")).isEqualTo("<p>x</p>");
        assertThat(pipeline.getMethod("render", String.class).invoke(instance, (Object) null)).isNull();
        assertThat(calls).contains("enter Pipeline#widen", "exit Pipeline#widen", "enter Pipeline#render");
        assertThat(stageNames).doesNotContain("Pipeline#<init>");
    }

    @Test
    void entryPointsReceiveEveryArgumentBoxed() throws Exception {
        Class<?> pipeline = rewrittenPipeline(targets("", "testfixtures.Pipeline#main"));
        Method main = pipeline.getMethod("main", String[].class, long.class, double.class, boolean.class, char.class);
        assertThat(main.invoke(null, new String[] {"build", "-x"}, 5L, 1.5, true, 'A')).isEqualTo(2 + 5 + 1 + 1 + 65);
        assertThat(calls).containsExactly("commandEnter 7 [build|-x, 5, 1.5, true, A]", "commandExit 7");
    }

    @Test
    void observedMethodsSeeThisArgumentsAndEveryReturnValueBoxedOrTheThrowable() throws Exception {
        HookTargets targets = targets("", "", java.util.Map.of(
                "transform(I)I", 1, "widen(JD)J", 2, "scale(DI)D", 3, "render(Ljava/lang/String;)Ljava/lang/String;", 4,
                "nothing()V", 5, "isEven(I)Z", 6));
        assertThat(targets.mightMatch("testfixtures/Pipeline")).isTrue();
        Class<?> pipeline = rewrittenPipeline(targets);
        Object instance = pipeline.getConstructor().newInstance();

        assertThat(pipeline.getMethod("transform", int.class).invoke(instance, 3)).isEqualTo(6);
        assertThat(pipeline.getMethod("transform", int.class).invoke(instance, 13)).isEqualTo(-13);
        assertThatThrownBy(() -> pipeline.getMethod("transform", int.class).invoke(instance, -1))
                .cause().isInstanceOf(IllegalArgumentException.class);
        assertThat(pipeline.getMethod("widen", long.class, double.class).invoke(instance, 40L, 2.9)).isEqualTo(42L);
        assertThat(pipeline.getMethod("scale", double.class, int.class).invoke(null, 1.5, 3)).isEqualTo(4.5);
        assertThat(pipeline.getMethod("render", String.class).invoke(instance, "x")).isEqualTo("<p>x</p>");
        assertThat(pipeline.getMethod("render", String.class).invoke(instance, (Object) null)).isNull();
        pipeline.getMethod("nothing").invoke(instance);
        assertThat(pipeline.getMethod("isEven", int.class).invoke(null, 4)).isEqualTo(true);

        assertThat(calls).containsExactly(
                "observeEnter 1 Pipeline [3]", "observeExit 1 Integer:6",
                "observeEnter 1 Pipeline [13]", "observeExit 1 Integer:-13",
                "observeEnter 1 Pipeline [-1]", "observeThrow 1 negative",
                "observeEnter 2 Pipeline [40, 2.9]", "observeExit 2 Long:42",
                "observeEnter 3 static [1.5, 3]", "observeExit 3 Double:4.5",
                "observeEnter 4 Pipeline [x]", "observeExit 4 String:<p>x</p>",
                "observeEnter 4 Pipeline [null]", "observeExit 4 null",
                "observeEnter 5 Pipeline []", "observeExit 5 null",
                "observeEnter 6 static [4]", "observeExit 6 Boolean:true");
    }

    @Test
    void observedClassesArePreFilteredByExactName() {
        HookTargets targets = targets("", "", java.util.Map.of("nothing()V", 1));
        assertThat(targets.mightMatch("testfixtures/Pipeline")).isTrue();
        assertThat(targets.mightMatch("testfixtures/Pipeline2")).isFalse();
        assertThat(targets.isEmpty()).isFalse();
    }

    @Test
    void unmatchedClassesAreLeftAlone() throws Exception {
        byte[] original;
        try (InputStream in = getClass().getResourceAsStream("/testfixtures/Pipeline.class")) {
            original = in.readAllBytes();
        }
        assertThat(new HookWeaver(null).weave("testfixtures/Pipeline", original, targets("testfixtures.Pipeline#absent", "")))
                .isNull();
    }

    @Test
    void jdkAndAgentClassesAreProtectedAndPreFilteredCheaply() {
        HookTargets targets = targets("java.util.ArrayList#add,testfixtures.*#x", "");
        assertThat(targets.mightMatch("java/util/ArrayList")).isTrue();
        assertThat(HookTargets.isProtected("java/util/ArrayList")).isTrue();
        assertThat(HookTargets.isProtected("dev/gatsbytelemetry/agent/recorder/Recorder")).isTrue();
        assertThat(HookTargets.isProtected("testfixtures/Pipeline")).isFalse();
        assertThat(targets.mightMatch("org/other/Thing")).isFalse();
        TelemetryTransformer transformer = new TelemetryTransformer(targets, new HookWeaver(null), null,
                new AgentLog(new PrintStream(warnings), false));
        assertThat(transformer.transform(null, ClassLoader.getSystemClassLoader(), "java/util/ArrayList", null, null,
                new byte[] {1, 2, 3})).isNull();
        assertThat(warnings.toString()).contains("not instrumenting java.util.ArrayList");
    }

    @Test
    void brokenClassFilesAreLoadedUnchangedNotThrown() {
        TelemetryTransformer transformer = new TelemetryTransformer(targets("testfixtures.*#*", ""), new HookWeaver(null), null,
                new AgentLog(new PrintStream(warnings), false));
        assertThat(transformer.transform(null, getClass().getClassLoader(), "testfixtures/Broken", null, null,
                new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1})).isNull();
        assertThat(warnings.toString()).contains("could not instrument testfixtures.Broken");
    }
}
