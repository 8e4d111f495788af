package org.example.sitegen;

import java.io.IOException;
import java.io.PrintStream;

import org.example.sitegen.cli.CommandLine;
import org.example.sitegen.cli.Usage;
import org.example.sitegen.cli.UsageException;
import org.example.sitegen.command.BuildCommand;
import org.example.sitegen.command.CleanCommand;
import org.example.sitegen.command.DevelopCommand;
import org.example.sitegen.command.NewCommand;
import org.example.sitegen.config.MissingConfigException;
import org.example.sitegen.render.RenderFailedException;
import org.example.sitegen.scaffold.ScaffoldException;

/** Entry point of the {@code sitegen} command-line tool. */
public final class SiteGen {

    /** Exit codes; other failures escape {@code main} and end the JVM with 1. */
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_NOT_A_SITE = 2;
    static final int EXIT_RENDER_FAILED = 3;
    static final int EXIT_USAGE = 64;

    private final PrintStream out;
    private final PrintStream err;

    SiteGen(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) throws IOException {
        int status = new SiteGen(System.out, System.err).run(args);
        System.out.flush();
        if (status != EXIT_OK) {
            System.exit(status);
        }
    }

    int run(String... args) throws IOException {
        try {
            CommandLine cli = CommandLine.parse(args);
            if (cli.flag("version")) {
                out.println(Version.describe());
                return EXIT_OK;
            }
            if (cli.flag("help") || cli.command().isEmpty()) {
                out.print(Usage.TEXT);
                return EXIT_OK;
            }
            switch (cli.command().get()) {
                case "new" -> new NewCommand(out).run(cli);
                case "build" -> new BuildCommand(out).run(cli);
                case "clean" -> new CleanCommand(out).run(cli);
                case "develop" -> new DevelopCommand(out).run(cli);
                default -> throw new UsageException("unknown command '" + cli.command().get() + "'");
            }
            return EXIT_OK;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Run 'sitegen --help' for usage.");
            return EXIT_USAGE;
        } catch (MissingConfigException e) {
            err.println("error: " + e.getMessage());
            return EXIT_NOT_A_SITE;
        } catch (RenderFailedException e) {
            err.println("error: " + e.getMessage());
            return EXIT_RENDER_FAILED;
        } catch (ScaffoldException e) {
            err.println("error: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }
}
