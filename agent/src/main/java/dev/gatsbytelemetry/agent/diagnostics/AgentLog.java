package dev.gatsbytelemetry.agent.diagnostics;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own messages on stderr, each prefixed with {@code gatsby-telemetry:}. Debug lines
 * appear only in debug or verbose mode; warnings (a maintainer's configuration mistake) always
 * appear, once each. Never throws.
 *
 * <p>Holds the stderr stream captured at startup, so an app that later replaces {@code System.err}
 * neither receives nor hides the agent's lines.
 */
public final class AgentLog {

    private static final String PREFIX = "gatsby-telemetry: ";

    private final PrintStream err;
    private final boolean debug;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public AgentLog(PrintStream err, boolean debug) {
        this.err = err;
        this.debug = debug;
    }

    public boolean isDebug() {
        return debug;
    }

    public void debug(String message) {
        if (debug) {
            print(PREFIX + message);
        }
    }

    /** A problem the user or maintainer should fix; printed once per distinct message. */
    public void warnOnce(String message) {
        if (warned.add(message)) {
            print(PREFIX + message);
        }
    }

    /** A line printed as is, for debug-mode event output. */
    public void raw(String line) {
        print(line);
    }

    private void print(String line) {
        try {
            err.println(line);
        } catch (Throwable ignored) {
            // stderr closed or broken: nothing to do
        }
    }
}
