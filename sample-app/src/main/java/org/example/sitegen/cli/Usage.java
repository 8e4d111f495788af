package org.example.sitegen.cli;

/** The {@code --help} text. */
public final class Usage {

    public static final String TEXT = """
            Usage: sitegen <command> [options]

            Commands:
              new <dir> [--pages N] [--title T]   Create a new site in <dir> (default 3 pages)
              build [--dir D]                     Build the site in D (default: current directory) into public/
              clean [--dir D]                     Delete the generated public/ directory
              develop [--dir D] [--port P]        Build, then serve public/ on http://127.0.0.1:P/ (default 8000)

            Options:
              -h, --help                          Show this help
              -V, --version                       Show the version
            """;

    private Usage() {
    }
}
