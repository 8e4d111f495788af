package dev.gatsbytelemetry.agent.recorder;

import java.util.Collection;
import java.util.List;

/**
 * What a framework integration (picocli, Maven) can tell the recorder: facts the framework knows better
 * than {@code main}'s arguments. Implemented by {@link Recorder}; safe to call from any thread. Strings
 * passed here must already be shaped (command words, option names, coordinates): the recorder checks
 * command words again and drops anything else that is not.
 */
public interface FrameworkEvents {

    /**
     * Names the command, e.g. {@code [site, build]} or {@code [clean, install]}. The first name given
     * before the start event is sent wins; later ones are ignored.
     */
    void nameCommand(List<String> path);

    /** The framework ran the command itself for {@code nanos} (added up over several executions). */
    void commandTimed(long nanos);

    /** The exit code the framework computed (used when the app does not call {@code System.exit}). */
    void commandExitCode(int exitCode);

    /** {@code success} or {@code failure}, as the framework reports it. */
    void outcome(String outcome);

    /** An exception the framework caught and turned into a message: reported as {@code CLI_ERROR_<kind>}. */
    void error(String kind, Throwable thrown);

    /** Names (never values) of the options used. */
    void flags(Collection<String> optionNames);

    /** One timed execution of a dynamically named stage (e.g. a Maven mojo execution). */
    void stageTimed(String stageName, long nanos, boolean failed);

    /** A plugin the run used, as {@code name@version}; reported in {@code CLI_COMMAND_METADATA.plugins}. */
    void pluginUsed(String nameAtVersion);

    /**
     * An exception left a hooked framework method the tool may catch it from: a Maven mojo execution
     * ({@code stage} names it), a command line parser ({@code stage} null).
     */
    void escaped(Throwable thrown, String stage);

    /**
     * The tool printed {@code thrown} ({@code printStackTrace}) or logged it at error level
     * ({@code log}): reported when it escaped a hooked method, else kept for a failing exit.
     */
    void shown(Throwable thrown, String reportedBy);
}
