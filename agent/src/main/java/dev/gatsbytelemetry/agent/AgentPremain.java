package dev.gatsbytelemetry.agent;

import dev.gatsbytelemetry.agent.config.EnvironmentSwitches;
import java.lang.instrument.Instrumentation;

/**
 * The JVM's entry into the agent ({@code Premain-Class} and {@code Agent-Class}). Nothing escapes
 * from here: an exception leaving premain would abort the JVM.
 *
 * <p>The opt-out variables are checked first, with one small class: a disabled agent must cost as
 * little as an agent that does nothing (BENCHMARKS.md, "startup, disabled").
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
        long premainNanos = System.nanoTime();
        try {
            String disabledBy = EnvironmentSwitches.disabledBy(System.getenv());
            if (disabledBy != null) {
                if (EnvironmentSwitches.isTruthy(System.getenv("GATSBY_TELEMETRY_DEBUG"))) {
                    System.err.println("gatsby-telemetry: telemetry is disabled by " + disabledBy);
                }
                return;
            }
            AgentStartup.start(arguments, instrumentation, atStartup, premainNanos);
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
