package org.example.sitegen.command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

import org.example.sitegen.cli.CommandLine;
import org.example.sitegen.cli.UsageException;
import org.example.sitegen.scaffold.SiteScaffolder;

/** {@code sitegen new <dir> [--pages N] [--title T]}. */
public final class NewCommand {

    static final int DEFAULT_PAGES = 3;
    static final int MAX_PAGES = 100_000;
    static final String DEFAULT_TITLE = "My Site";

    private final PrintStream out;

    public NewCommand(PrintStream out) {
        this.out = out;
    }

    public void run(CommandLine cli) throws IOException {
        if (cli.operands().isEmpty()) {
            throw new UsageException("missing directory: sitegen new <dir> [--pages N] [--title T]");
        }
        cli.expect(Set.of("pages", "title"), 1, 1);
        String dir = cli.operands().get(0);
        int pages = cli.intOption("pages", DEFAULT_PAGES, 0, MAX_PAGES);
        String title = cli.option("title").orElse(DEFAULT_TITLE);
        new SiteScaffolder().scaffold(Path.of(dir), title, pages);
        out.println("Created site '" + title + "' with " + pages + (pages == 1 ? " page" : " pages") + " in " + dir);
    }
}
