package dev.gatsbytelemetry.agent;

import dev.gatsbytelemetry.agent.bootstrap.BridgeInjector;
import dev.gatsbytelemetry.agent.bootstrap.JdkInternals;
import dev.gatsbytelemetry.agent.config.AgentConfig;
import dev.gatsbytelemetry.agent.config.AgentConfigParser;
import dev.gatsbytelemetry.agent.config.ConfigFileConsent;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.environment.ArchiveCreation;
import java.lang.instrument.Instrumentation;
import java.util.Map;

/**
 * The first steps on the JVM's main thread, before {@code main}: read the switches, and when
 * telemetry is off, stop there, having loaded nothing but the configuration classes. Otherwise put
 * the bridge in the bootstrap loader and hand over to {@link AgentInstaller}, the first class that
 * touches the bridge's types (so they resolve to the bootstrap loader's copies).
 */
public final class AgentStartup {

    private AgentStartup() {
    }

    /**
     * Started by {@code AgentPremain.premain}, in the {@link AgentClassLoader}. Entered through a
     * method handle of the same erased shape as {@code JdkInternals}' (two references, no result),
     * so JDK 25 spins no lambda-form class for it.
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true, startNanos());
    }

    /** Started by {@code AgentPremain.agentmain} (attached to a running JVM). */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false, startNanos());
    }

    /** When the JVM entered the agent: its loader's opening time, for the debug account of premain. */
    private static long startNanos() {
        ClassLoader loader = AgentStartup.class.getClassLoader();
        return loader instanceof AgentClassLoader ? ((AgentClassLoader) loader).openedNanos() : System.nanoTime();
    }

    static void start(String arguments, Instrumentation instrumentation, boolean atStartup, long premainNanos) {
        Map<String, String> environment = System.getenv();
        ConfigFileConsent configFile = ConfigFileConsent.of(environment, System.getProperty("user.home"));
        AgentConfig config = AgentConfigParser.parse(environment, arguments, configFile);
        AgentLog log = new AgentLog(System.err, config.printsEvents());
        if (!config.enabled()) {
            log.debug("telemetry is disabled by " + config.decidedBy());
            if (configFile.facts().unreadable() != null) {
                log.debug(configFile.facts().unreadable());
            }
            return;
        }
        for (String problem : config.problems()) {
            log.warnOnce(problem);
        }
        JdkInternals internals;
        try {
            internals = JdkInternals.open(instrumentation);
        } catch (Throwable t) {
            log.debug("agent not started: no access to the JDK internals it needs: " + t);
            return;
        }
        String archiving = ArchiveCreation.optionIn(internals.vmArguments());
        if (archiving != null) {
            log.debug("telemetry is off while this JVM creates a class-data archive (" + archiving + ")");
            return;
        }
        String failure = BridgeInjector.inject(internals);
        if (failure != null) {
            log.debug("agent not started: cannot define the bridge in the bootstrap class loader: " + failure);
            return;
        }
        AgentInstaller.install(config, configFile.facts(), log, instrumentation, atStartup, premainNanos);
    }
}
