package dev.gatsbytelemetry.agent;

import java.lang.instrument.Instrumentation;

/**
 * The JVM's entry into the agent ({@code Premain-Class} and {@code Agent-Class}). Nothing escapes
 * from here: an exception leaving premain would abort the JVM.
 */
public final class AgentPremain {

    private AgentPremain() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    private static void start(String arguments, Instrumentation instrumentation, boolean atStartup) {
        try {
            AgentStartup.start(arguments, instrumentation, atStartup);
        } catch (Throwable t) {
            try {
                if (System.getenv("GATSBY_TELEMETRY_DEBUG") != null) {
                    System.err.println("gatsby-telemetry: agent not started: " + t);
                }
            } catch (Throwable ignored) {
                // nothing left to try
            }
        }
    }
}
