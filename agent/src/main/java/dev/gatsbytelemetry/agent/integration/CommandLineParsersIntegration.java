package dev.gatsbytelemetry.agent.integration;

import dev.gatsbytelemetry.agent.recorder.FrameworkEvents;
import java.util.List;

/**
 * The command line parsers a tool may call from its own {@code main} and whose exceptions it then
 * catches to print a usage message: commons-cli ({@code DefaultParser} and the older {@code Parser}
 * classes), JCommander and argparse4j. An exception leaving their parse method is a candidate
 * {@code PARAMETER_ERROR}: reported when the run then fails, or when the tool prints or logs it.
 * (picocli's {@code parseArgs} is observed by {@link PicocliIntegration}.)
 */
final class CommandLineParsersIntegration extends Integration {

    private static final String COMMONS_CLI_PARSE = "(Lorg/apache/commons/cli/Options;[Ljava/lang/String;"
            + "Ljava/util/Properties;Z)Lorg/apache/commons/cli/CommandLine;";

    private static final List<Target> TARGETS = List.of(
            new Target("org/apache/commons/cli/DefaultParser", "parse", COMMONS_CLI_PARSE),
            new Target("org/apache/commons/cli/Parser", "parse", COMMONS_CLI_PARSE),
            new Target("com/beust/jcommander/JCommander", "parse", "([Ljava/lang/String;)V"),
            new Target("net/sourceforge/argparse4j/internal/ArgumentParserImpl", "parseArgs",
                    "([Ljava/lang/String;)Lnet/sourceforge/argparse4j/inf/Namespace;"));

    CommandLineParsersIntegration(FrameworkEvents events) {
        super(events, TARGETS);
    }

    @Override
    void thrown(int target, Throwable thrown) {
        events.escaped(thrown, null);
    }
}
