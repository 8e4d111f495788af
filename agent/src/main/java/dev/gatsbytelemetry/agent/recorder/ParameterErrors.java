package dev.gatsbytelemetry.agent.recorder;

/**
 * Exceptions that say "the command line was wrong", whichever parser the tool uses: picocli's
 * {@code ParameterException}, commons-cli's {@code ParseException} (with
 * {@code UnrecognizedOptionException}, {@code MissingOptionException}, …), JCommander's
 * {@code ParameterException} and argparse4j's {@code ArgumentParserException}. Recognised by the name
 * of a superclass, never by linking against the parser. Their messages quote what the user typed
 * ({@code Unknown option: '--bogus-flag=1'}), so their events carry no message at all.
 */
final class ParameterErrors {

    static final String KIND = "PARAMETER_ERROR";

    private static final String[] TYPES = {
        "picocli.CommandLine$ParameterException",
        "org.apache.commons.cli.ParseException",
        "com.beust.jcommander.ParameterException",
        "net.sourceforge.argparse4j.inf.ArgumentParserException",
    };

    private ParameterErrors() {
    }

    static boolean isParameterError(Throwable thrown) {
        for (Class<?> c = thrown == null ? null : thrown.getClass(); c != null && c != Throwable.class;
                c = c.getSuperclass()) {
            String name = c.getName();
            for (String type : TYPES) {
                if (type.equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
