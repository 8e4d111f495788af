package org.example.sitegen.command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

import org.example.sitegen.cli.CommandLine;
import org.example.sitegen.config.ConfigLoader;
import org.example.sitegen.config.MissingConfigException;

/** {@code sitegen clean [--dir D]}: deletes public/, but only inside a real site. */
public final class CleanCommand {

    private final PrintStream out;

    public CleanCommand(PrintStream out) {
        this.out = out;
    }

    public void run(CommandLine cli) throws IOException {
        cli.expect(Set.of("dir"), 0, 0);
        Path root = BuildCommand.siteDir(cli).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve(ConfigLoader.CONFIG_FILE))) {
            throw new MissingConfigException(root);
        }
        Path output = root.resolve("public");
        if (!Files.exists(output)) {
            out.println("Nothing to clean");
            return;
        }
        deleteTree(output);
        out.println("Removed public/");
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
