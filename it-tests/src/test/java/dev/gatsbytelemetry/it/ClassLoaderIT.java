package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.EventAssertions.assertCommonFields;
import static dev.gatsbytelemetry.it.EventAssertions.assertStage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stage method in a class that only a custom class loader can see, with no path to the
 * application class loader (parent {@code null}, or the platform loader). Its instrumented code
 * must still reach the agent, which proves the bridge lives where every loader can resolve it.
 */
class ClassLoaderIT {

    private static final String MAIN = """
            package fixture;

            import java.lang.reflect.Method;
            import java.net.URL;
            import java.net.URLClassLoader;
            import java.nio.file.Path;

            public class Main {
                public static void main(String[] args) throws Exception {
                    // args: run <plugin classes dir> <null|platform>
                    ClassLoader parent = args[2].equals("platform") ? ClassLoader.getPlatformClassLoader() : null;
                    URL[] urls = {Path.of(args[1]).toUri().toURL()};
                    try (URLClassLoader loader = new URLClassLoader("plugins", urls, parent)) {
                        Class<?> plugin = Class.forName("fixture.Plugin", true, loader);
                        Object instance = plugin.getDeclaredConstructor().newInstance();
                        Method run = plugin.getMethod("run", String.class);
                        System.out.println("plugin returned " + run.invoke(instance, "hello"));
                        System.out.println("plugin loader " + plugin.getClassLoader().getName()
                                + ", same as app loader: " + (plugin.getClassLoader() == Main.class.getClassLoader()));
                    }
                }
            }
            """;

    /** Loads the plugin class twice, each time in a fresh loader, and runs each copy once. */
    private static final String TWICE = """
            package fixture;

            import java.net.URL;
            import java.net.URLClassLoader;
            import java.nio.file.Path;

            public class Twice {
                public static void main(String[] args) throws Exception {
                    URL[] urls = {Path.of(args[1]).toUri().toURL()};
                    for (int i = 0; i < 2; i++) {
                        try (URLClassLoader loader = new URLClassLoader("plugins-" + i, urls, null)) {
                            Class<?> plugin = Class.forName("fixture.Plugin", true, loader);
                            Object instance = plugin.getDeclaredConstructor().newInstance();
                            System.out.println(plugin.getMethod("run", String.class).invoke(instance, "copy " + i));
                        }
                    }
                }
            }
            """;

    private static final String PLUGIN = """
            package fixture;

            public class Plugin {
                public String run(String text) {
                    return text.toUpperCase();
                }
            }
            """;

    @TempDir
    Path sandbox;

    private Path appClasses;
    private Path pluginClasses;

    @BeforeEach
    void compileFixture() throws IOException {
        appClasses = compile("app", "Main", MAIN);
        pluginClasses = compile("plugin", "Plugin", PLUGIN);
    }

    @ParameterizedTest(name = "URLClassLoader parent: {0}")
    @ValueSource(strings = {"null", "platform"})
    void stageInAnIsolatedClassLoaderIsRecorded(String parent) {
        RunResult run = JvmRun.mainClass(sandbox, appClasses, "fixture.Main", "run", pluginClasses.toString(), parent)
                .withAgent().debug().stages("fixture.Plugin#run")
                .run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdoutLines()).as(run.describe())
                .containsExactly("plugin returned HELLO", "plugin loader plugins, same as app loader: false");
        EventAssertions.assertStartAndEnd(run, "RUN");
        EventAssertions.assertNoErrorEvents(run);
        assertCommonFields(run, "run");
        JsonNode end = run.event("CLI_COMMAND_RUN_END");
        assertThat(end.path("exitCode").asInt(-1)).isZero();
        assertThat(end.path("exitReason").asText()).isEqualTo("return");
        assertStage(end, "Plugin#run", 1, 0);
    }

    /**
     * The transformer waits only for exactly named classes and unregisters itself once each has
     * loaded (every class loaded while one is registered costs the host its bytes copied), so a
     * second loader's copy of an exactly named stage class, loaded after that, is not hooked: the
     * stage counts one call of two. A class pattern with a wildcard keeps the transformer, and both
     * copies are hooked. This pins down the trade-off; change it knowingly.
     */
    @ParameterizedTest(name = "stage pattern {0}")
    @ValueSource(strings = {"fixture.Plugin#run", "fixture.Plug*#run"})
    void aSecondLoadersCopyIsHookedOnlyWhileTheTransformerWaits(String pattern) throws IOException {
        Path twice = compile("twice", "Twice", TWICE);

        RunResult run = JvmRun.mainClass(sandbox, twice, "fixture.Twice", "run", pluginClasses.toString())
                .withAgent().debug().stages(pattern)
                .run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdoutLines()).as(run.describe()).containsExactly("COPY 0", "COPY 1");
        boolean exact = !pattern.contains("*");
        assertThat(run.stderr()).as(run.describe())
                .is(new org.assertj.core.api.Condition<>(text -> text.contains("transformer removed") == exact,
                        exact ? "reports the transformer removed" : "keeps the transformer"));
        assertStage(run.event("CLI_COMMAND_RUN_END"), "Plugin#run", exact ? 1 : 2, 0);
    }

    /** Compiles one source file into its own class directory, so the two never share a class path. */
    private Path compile(String name, String simpleName, String source) throws IOException {
        Path sources = Files.createDirectories(sandbox.resolve(name + "-src/fixture"));
        Path classes = Files.createDirectories(sandbox.resolve(name + "-classes"));
        Path file = Files.writeString(sources.resolve(simpleName + ".java"), source, StandardCharsets.UTF_8);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("a JDK (not a JRE) runs the tests").isNotNull();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), file.toString()));
        int status = compiler.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertThat(status).as("javac %s:%n%s", args, diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        try (Stream<Path> compiled = Files.walk(classes)) {
            assertThat(compiled.filter(p -> p.toString().endsWith(simpleName + ".class"))).hasSize(1);
        }
        return classes;
    }
}
