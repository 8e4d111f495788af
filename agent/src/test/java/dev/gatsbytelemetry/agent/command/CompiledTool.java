package dev.gatsbytelemetry.agent.command;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A small tool compiled by the JDK's own compiler in a test, as class files and as a jar. */
public final class CompiledTool {

    public static final String MAIN = "tool.Main";
    static final String MAIN_SOURCE = """
            package tool;
            public class Main {
                public static void main(String[] args) {
                    switch (args[0]) {
                        case "build" -> Commands.build();
                        case "update-sql" -> System.out.println("sql");
                        default -> System.out.println("usage: build.xml or rebuild");
                    }
                }
            }
            """;
    static final String COMMANDS_SOURCE = """
            package tool.commands;
            public class Commands {
                public static final String DEPLOY = "deploy";
                public static void build() { System.out.println("built"); }
            }
            """;

    public final Path classes;
    public final Path jar;

    private CompiledTool(Path classes, Path jar) {
        this.classes = classes;
        this.jar = jar;
    }

    public static CompiledTool compile(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path main = Files.createDirectories(src.resolve("tool")).resolve("Main.java");
        Files.writeString(main, MAIN_SOURCE.replace("Commands.build()", "tool.commands.Commands.build()"));
        Path commands = Files.createDirectories(src.resolve("tool/commands")).resolve("Commands.java");
        Files.writeString(commands, COMMANDS_SOURCE);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), main.toString(), commands.toString());
        if (status != 0) {
            throw new IllegalStateException("javac failed: " + status);
        }
        Path jar = dir.resolve("tool.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            List<Path> all = new ArrayList<>(files.filter(Files::isRegularFile).sorted().toList());
            for (Path file : all) {
                zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
        return new CompiledTool(classes, jar);
    }
}
