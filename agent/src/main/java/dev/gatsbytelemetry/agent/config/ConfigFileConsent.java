package dev.gatsbytelemetry.agent.config;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the user's choice, {@code telemetry.enabled}, from the config file; empty when the file or
 * the key is absent. A corrupt or oversized file says nothing (the config store repairs it later,
 * off the critical path). The same single read also gives the {@link ConfigFileFacts} the recorder
 * thread would otherwise read the file again for.
 */
public final class ConfigFileConsent implements Supplier<Optional<Boolean>> {

    private static final long MAX_BYTES = 256 * 1024;

    private final Path file;
    private ConfigFileFacts facts;

    public ConfigFileConsent(Path file) {
        this.file = file;
    }

    @Override
    public Optional<Boolean> get() {
        return facts().enabled();
    }

    /** What the file says, read at the first call; {@link ConfigFileFacts#NONE} when unreadable. */
    public synchronized ConfigFileFacts facts() {
        if (facts == null) {
            facts = read();
        }
        return facts;
    }

    private ConfigFileFacts read() {
        try {
            byte[] bytes;
            // FileInputStream rather than Files.readAllBytes: the latter loads some 25 NIO channel
            // classes, milliseconds on every start just to learn the file says nothing.
            try (FileInputStream in = new FileInputStream(file.toFile())) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                return ConfigFileFacts.NONE;
            }
            Object root = TinyJson.parse(new String(bytes, StandardCharsets.UTF_8));
            if (root instanceof Map) {
                Object telemetry = ((Map<?, ?>) root).get("telemetry");
                if (telemetry instanceof Map) {
                    Map<?, ?> values = (Map<?, ?>) telemetry;
                    Object enabled = values.get("enabled");
                    Object machineId = values.get("machineId");
                    return new ConfigFileFacts(enabled instanceof Boolean ? (Boolean) enabled : null,
                            machineId instanceof String ? (String) machineId : null,
                            Boolean.TRUE.equals(values.get("noticeShown")));
                }
            }
        } catch (IOException | RuntimeException e) {
            return ConfigFileFacts.NONE;
        }
        return ConfigFileFacts.NONE;
    }
}
