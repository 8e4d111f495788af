package dev.gatsbytelemetry.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.agent.config.MethodPattern;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The load-time transformer unregisters itself once every exactly named class it waits for has
 * loaded, and never while a class pattern is open-ended; checked against a recording
 * {@link Instrumentation}.
 */
class TransformerRetirementTest {

    private static final String MAIN = "org/example/Main";
    private final List<ClassFileTransformer> registered = new ArrayList<>();
    private final List<ClassFileTransformer> removed = new ArrayList<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final Instrumentation instrumentation = (Instrumentation) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "addTransformer":
                        registered.add((ClassFileTransformer) args[0]);
                        return null;
                    case "removeTransformer":
                        removed.add((ClassFileTransformer) args[0]);
                        return registered.remove(args[0]);
                    case "getInitiatedClasses":
                        return new Class<?>[0];
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });

    @Test
    void retiresOnceTheMainClassAndEveryExactStageClassHaveLoaded() throws Exception {
        HookTargets targets = targets("org.example.Build#run,org.example.Render#*", MAIN, Map.of());
        assertThat(targets.exactClasses()).containsExactlyInAnyOrder(MAIN, "org/example/Build", "org/example/Render");
        TransformerRetirement retirement = TelemetryTransformer.install(targets, new HookWeaver(null), instrumentation,
                new AgentLog(new PrintStream(log), true));
        assertThat(registered).hasSize(1);
        ClassFileTransformer transformer = registered.get(0);

        load(transformer, "org/example/Unrelated");
        load(transformer, MAIN);
        load(transformer, "org/example/Build");
        assertThat(retirement.isRetired()).as("frameworks not settled yet").isFalse();
        retirement.settle(Set.of());
        assertThat(retirement.waitingFor()).containsExactly("org/example/Render");
        assertThat(retirement.isRetired()).isFalse();

        load(transformer, "org/example/Render");
        assertThat(retirement.isRetired()).isTrue();
        assertThat(removed).containsExactly(transformer);
        assertThat(registered).isEmpty();
        assertThat(log.toString()).contains("transformer removed");

        load(transformer, "org/example/Render"); // a late call on another thread: no second removal
        assertThat(removed).hasSize(1);
    }

    @Test
    void aWildcardClassPatternOrASourceFileLaunchKeepsTheTransformerForTheWholeRun() throws Exception {
        assertThat(targets("org.example.*Step#run", MAIN, Map.of()).exactClasses()).isNull();
        assertThat(targets("", "com/sun/tools/javac/launcher/Main", Map.of()).exactClasses()).isNull();

        HookTargets targets = targets("org.example.*Step#run", MAIN, Map.of());
        TransformerRetirement retirement = TelemetryTransformer.install(targets, new HookWeaver(null), instrumentation,
                new AgentLog(new PrintStream(log), true));
        load(registered.get(0), MAIN);
        load(registered.get(0), "org/example/FirstStep");
        retirement.settle(Set.of());
        assertThat(retirement.isRetired()).isFalse();
        assertThat(removed).isEmpty();
    }

    @Test
    void classesOfFrameworksNotExpectedAreNotWaitedFor() throws Exception {
        HookTargets targets = targets("", MAIN, Map.of("picocli/CommandLine", Map.of("execute([Ljava/lang/String;)I", 0),
                "org/apache/maven/DefaultMaven", Map.of("execute()V", 1)));
        TransformerRetirement retirement = TelemetryTransformer.install(targets, new HookWeaver(null), instrumentation,
                new AgentLog(new PrintStream(log), true));
        load(registered.get(0), "picocli/CommandLine");
        retirement.settle(Set.of("org/apache/maven/DefaultMaven"));
        assertThat(retirement.waitingFor()).containsExactly(MAIN);
        assertThat(retirement.isRetired()).isFalse();

        load(registered.get(0), MAIN);
        assertThat(retirement.isRetired()).isTrue();
    }

    @Test
    void settlingWithNothingLeftToWaitForRetiresAtOnce() {
        HookTargets targets = targets("", MAIN, Map.of("org/apache/maven/DefaultMaven", Map.of("execute()V", 1)));
        TransformerRetirement retirement = TelemetryTransformer.install(targets, new HookWeaver(null), instrumentation,
                new AgentLog(new PrintStream(log), true));
        load(registered.get(0), MAIN);
        retirement.settle(Set.of("org/apache/maven/DefaultMaven"));
        assertThat(retirement.isRetired()).isTrue();
        assertThat(registered).isEmpty();
    }

    @Test
    void jdkClassesNamedByAPatternAreNeverWaitedFor() {
        HookTargets targets = targets("java.util.ArrayList#add,org.example.Build#run", MAIN, Map.of());
        assertThat(targets.exactClasses()).containsExactlyInAnyOrder(MAIN, "org/example/Build");
    }

    private void load(ClassFileTransformer transformer, String className) {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/testfixtures/Pipeline.class")) {
            bytes = in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        try {
            transformer.transform(null, getClass().getClassLoader(), className, null, null, bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HookTargets targets(String stages, String mainClass, Map<String, Map<String, Integer>> observed) {
        List<MethodPattern> patterns = new ArrayList<>();
        for (String s : stages.split(",")) {
            if (!s.isBlank()) {
                patterns.add(MethodPattern.parse(s));
            }
        }
        HookRegistry registry = new HookRegistry() {
            @Override
            public int stageId(String stageName) {
                return 0;
            }

            @Override
            public int entryPointId(String description) {
                return 0;
            }
        };
        return new HookTargets(patterns, List.of(), mainClass, registry, new AgentLog(new PrintStream(log), false),
                observed);
    }
}
