package org.example.sitegen.command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

import org.example.sitegen.build.BuildResult;
import org.example.sitegen.build.SiteBuilder;
import org.example.sitegen.cli.CommandLine;

/** {@code sitegen build [--dir D]}. */
public final class BuildCommand {

    private final PrintStream out;

    public BuildCommand(PrintStream out) {
        this.out = out;
    }

    public BuildResult run(CommandLine cli) throws IOException {
        cli.expect(Set.of("dir"), 0, 0);
        return build(siteDir(cli), out);
    }

    static BuildResult build(Path siteDir, PrintStream out) throws IOException {
        BuildResult result = new SiteBuilder().build(siteDir);
        out.println("Built " + result.pages() + (result.pages() == 1 ? " page" : " pages") + " in public/");
        return result;
    }

    static Path siteDir(CommandLine cli) {
        return Path.of(cli.option("dir").orElse(""));
    }
}
