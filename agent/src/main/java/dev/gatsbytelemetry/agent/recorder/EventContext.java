package dev.gatsbytelemetry.agent.recorder;

import dev.gatsbytelemetry.agent.config.AgentConfig;
import dev.gatsbytelemetry.agent.config.ConfigFileFacts;
import dev.gatsbytelemetry.agent.config.ConfigFileLocation;
import dev.gatsbytelemetry.agent.config.TinyJson;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.environment.OsInformation;
import dev.gatsbytelemetry.agent.files.PrivateFiles;
import dev.gatsbytelemetry.agent.identity.ComponentInfo;
import dev.gatsbytelemetry.agent.identity.MachineId;
import dev.gatsbytelemetry.agent.identity.MachineIdProvider;
import dev.gatsbytelemetry.agent.identity.RepositoryId;
import dev.gatsbytelemetry.agent.identity.RepositoryIdentity;
import dev.gatsbytelemetry.agent.identity.TelemetryConfigFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields every event of this run shares: machine, repository, component, environment and the
 * user's tags. Collected once, on the recorder's thread, when the first event is completed; each
 * part degrades to a fallback on its own, so one unreadable file never costs the others.
 */
final class EventContext {

    private static final int MAX_TAGS = 50;
    private static final int MAX_METADATA_BYTES = 64 * 1024;

    private final Map<String, Object> identity;
    private final Map<String, Object> tags;

    private EventContext(Map<String, Object> identity, Map<String, Object> tags) {
        this.identity = Collections.unmodifiableMap(identity);
        this.tags = Collections.unmodifiableMap(tags);
    }

    static EventContext collect(AgentConfig config, ConfigFileFacts configFile, Map<String, String> environment,
                                AgentLog log) {
        Map<String, Object> identity = new LinkedHashMap<>();
        String home = System.getProperty("user.home", "");
        Path cwd = Path.of(System.getProperty("user.dir", "."));
        long t0 = System.nanoTime();
        String command = System.getProperty("sun.java.command");
        String mavenHome = System.getProperty("maven.home");
        ComponentInfo component = ComponentInfo.detect(command, componentEnvironment(config, environment), cwd,
                ComponentInfo.mainClassJar(command), mavenHome == null ? null : Path.of(mavenHome));
        long t1 = System.nanoTime();
        // one id per tool: two tools on one machine report unrelated ids
        MachineId machineId = MachineIdProvider.stored(configFile.machineId(component.componentId()));
        if (machineId == null) {
            machineId = configFile.folderProblem() != null
                    ? MachineIdProvider.temporary(configFile.folderProblem())
                    : new MachineIdProvider(new TelemetryConfigFile(ConfigFileLocation.configFile(environment, home)),
                            component.componentId()).get();
        }
        long t2 = System.nanoTime();
        if (machineId.problem() != null) {
            log.debug("using an in-memory machine id: " + machineId.problem());
        }
        identity.put("machineId", machineId.value());
        identity.put("componentId", component.componentId());
        identity.put("componentVersion", component.componentVersion());
        RepositoryId repository = new RepositoryIdentity(config.salt()).identify(cwd, environment);
        identity.put("repositoryId", repository.id());
        identity.put("repositoryData", repository.repositoryData());
        long t3 = System.nanoTime();
        identity.put("osInformation", OsInformation.detect().toMap());
        long t4 = System.nanoTime();
        log.debug("context: component " + (t1 - t0) / 1000 + " us, machine id " + (t2 - t1) / 1000
                + " us, repository " + (t3 - t2) / 1000 + " us, os " + (t4 - t3) / 1000 + " us");
        return new EventContext(identity, tags(config, log));
    }

    Map<String, Object> identity() {
        return identity;
    }

    /** The user's tags, still raw: the factory sanitizes their values. */
    Map<String, Object> tags() {
        return tags;
    }

    private static Map<String, String> componentEnvironment(AgentConfig config, Map<String, String> environment) {
        if (config.component() == null || environment.containsKey(ComponentInfo.OVERRIDE_ENV)) {
            return environment;
        }
        Map<String, String> withArgument = new LinkedHashMap<>(environment);
        withArgument.put(ComponentInfo.OVERRIDE_ENV, config.component());
        return withArgument;
    }

    private static Map<String, Object> tags(AgentConfig config, AgentLog log) {
        Map<String, Object> tags = new LinkedHashMap<>();
        if (config.metadataPath() != null) {
            try {
                // a regular file only (never /dev/zero or a FIFO), no link followed, bounded before reading
                byte[] bytes = PrivateFiles.read(Path.of(config.metadataPath()), MAX_METADATA_BYTES);
                if (bytes == null) {
                    throw new java.nio.file.NoSuchFileException(config.metadataPath());
                }
                addTags(tags, TinyJson.parse(new String(bytes, StandardCharsets.UTF_8)));
            } catch (Exception e) {
                log.warnOnce("ignoring GATSBY_TELEMETRY_METADATA_PATH: " + describe(e));
            }
        }
        if (config.tagsJson() != null) {
            try {
                addTags(tags, TinyJson.parse(config.tagsJson()));
            } catch (Exception e) {
                log.warnOnce("ignoring GATSBY_TELEMETRY_TAGS: " + describe(e));
            }
        }
        return tags;
    }

    private static void addTags(Map<String, Object> tags, Object parsed) {
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) parsed).entrySet()) {
            if (tags.size() < MAX_TAGS) {
                tags.put(String.valueOf(entry.getKey()), entry.getValue());
            }
        }
    }

    private static String describe(Exception e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file " + e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
