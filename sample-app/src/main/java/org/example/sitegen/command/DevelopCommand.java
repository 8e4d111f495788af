package org.example.sitegen.command;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Set;

import org.example.sitegen.build.BuildResult;
import org.example.sitegen.cli.CommandLine;
import org.example.sitegen.serve.DevServer;

/** {@code sitegen develop [--dir D] [--port P]}: build once, then serve until the process is stopped. */
public final class DevelopCommand {

    static final int DEFAULT_PORT = 8000;

    private final PrintStream out;

    public DevelopCommand(PrintStream out) {
        this.out = out;
    }

    public DevServer run(CommandLine cli) throws IOException {
        cli.expect(Set.of("dir", "port"), 0, 0);
        int port = cli.intOption("port", DEFAULT_PORT, 0, 65_535);
        BuildResult result = BuildCommand.build(BuildCommand.siteDir(cli), out);
        DevServer server = DevServer.start(result.outputDir(), port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "dev-server-shutdown"));
        out.println("Serving " + result.config().title() + " at " + server.url());
        out.flush();
        return server;
    }
}
