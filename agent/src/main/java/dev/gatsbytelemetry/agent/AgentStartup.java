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
final class AgentStartup {

    private AgentStartup() {
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
