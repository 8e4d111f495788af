package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Fixture programs the tests write as source text, compiled for the JVM the child runs on, and
 * packed into jars when a test needs one (a plugin on the class path, a second agent).
 */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * The feature version of the JVM the children run on ({@code it.java.home}, else this one), read
     * from its {@code release} file, falling back to this JVM's version.
     */
    public static int childJavaFeature() {
        Path java = Path.of(JvmRun.javaExecutable());
        Path release = java.getParent().getParent().resolve("release");
        try {
            Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return Runtime.version().feature();
    }

    /**
     * Compiles {@code sources} (class name → source text; the class name decides the file's path)
     * into {@code <dir>/<name>-classes}. {@code --release 17} with this JVM's compiler; any later
     * release with the child JDK's {@code javac}, which knows APIs this JVM may not have.
     */
    public static Path compile(Path dir, String name, int release, Map<String, String> sources, List<Path> classPath) {
        try {
            Path sourceRoot = Files.createDirectories(dir.resolve(name + "-src"));
            Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
            List<String> args = new ArrayList<>(List.of("--release", Integer.toString(release), "-d", classes.toString()));
            if (!classPath.isEmpty()) {
                args.add("-cp");
                args.add(String.join(java.io.File.pathSeparator,
                        classPath.stream().map(p -> p.toAbsolutePath().toString()).toList()));
            }
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = sourceRoot.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue(), StandardCharsets.UTF_8);
                args.add(file.toString());
            }
            if (release <= Runtime.version().feature()) {
                JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
                assertThat(compiler).as("a JDK (not a JRE) runs the tests").isNotNull();
                ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
                int status = compiler.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
                assertThat(status).as("javac %s:%n%s", args, diagnostics.toString(StandardCharsets.UTF_8)).isZero();
            } else {
                Path javac = Path.of(JvmRun.javaExecutable()).resolveSibling("javac");
                assertThat(javac).as("the child JDK has javac").isRegularFile();
                List<String> command = new ArrayList<>();
                command.add(javac.toString());
                command.addAll(args);
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                byte[] output = process.getInputStream().readAllBytes();
                assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("javac finished").isTrue();
                assertThat(process.exitValue()).as("%s:%n%s", command, new String(output, StandardCharsets.UTF_8))
                        .isZero();
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #compile(Path, String, int, Map, List)} for {@code --release 17} and no class path. */
    public static Path compile(Path dir, String name, Map<String, String> sources) {
        return compile(dir, name, 17, sources, List.of());
    }

    /** Packs every file under {@code classes} (may be null: an empty jar) into {@code jar}, with {@code manifest}. */
    public static Path jar(Path jar, Path classes, Map<String, String> manifestAttributes) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifestAttributes.forEach((key, value) -> manifest.getMainAttributes().put(new Attributes.Name(key), value));
        try {
            Files.createDirectories(jar.toAbsolutePath().getParent());
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
                if (classes != null) {
                    try (Stream<Path> files = Files.walk(classes)) {
                        for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                            out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                            out.write(Files.readAllBytes(path));
                            out.closeEntry();
                        }
                    }
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
