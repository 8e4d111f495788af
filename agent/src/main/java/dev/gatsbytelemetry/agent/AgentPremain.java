package dev.gatsbytelemetry.agent;

import dev.gatsbytelemetry.agent.config.EnvironmentSwitches;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The JVM's entry into the agent ({@code Premain-Class} and {@code Agent-Class}). Nothing escapes
 * from here: an exception leaving premain would abort the JVM.
 *
 * <p>The opt-out variables are checked first, with one small class: a disabled agent must cost as
 * little as an agent that does nothing (BENCHMARKS.md, "startup, disabled"). Everything else runs in
 * the agent's own {@link AgentClassLoader}, entered through an exactly typed method handle (core
 * reflection spins method-handle classes on JDK 18+); this class refers to no other agent class.
 * It is also the jar's {@code Main-Class}: {@code java -jar gatsby-telemetry-agent.jar telemetry ...}.
 */
public final class AgentPremain {

    private AgentPremain() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, "premain");
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, "agentmain");
    }

    private static void start(String arguments, Instrumentation instrumentation, String entry) {
        long premainNanos = System.nanoTime();
        try {
            String disabledBy = EnvironmentSwitches.disabledBy(System.getenv());
            if (disabledBy != null) {
                if (EnvironmentSwitches.isTruthy(System.getenv("GATSBY_TELEMETRY_DEBUG"))) {
                    System.err.println("gatsby-telemetry: telemetry is disabled by " + disabledBy);
                }
                return;
            }
            MethodHandle start = MethodHandles.lookup().findStatic(agentClass("dev.gatsbytelemetry.agent.AgentStartup", premainNanos),
                    entry, MethodType.methodType(void.class, String.class, Instrumentation.class));
            start.invokeExact(arguments, instrumentation);
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

    /** {@code java -jar gatsby-telemetry-agent.jar ...}: the {@code telemetry} command line. */
    public static void main(String[] args) throws Throwable {
        MethodHandle main = MethodHandles.lookup().findStatic(agentClass("dev.gatsbytelemetry.agent.cli.TelemetryCommandLine", System.nanoTime()),
                "main", MethodType.methodType(void.class, String[].class));
        main.invokeExact(args);
    }

    /** Only a static call into the loader: a disabled run must not load it (the verifier would, for a local of its type). */
    private static Class<?> agentClass(String name, long startNanos) throws Exception {
        return AgentClassLoader.initializedClass(name, AgentPremain.class, startNanos);
    }
}
