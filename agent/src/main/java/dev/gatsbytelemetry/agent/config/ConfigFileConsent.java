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
 * off the critical path).
 */
public final class ConfigFileConsent implements Supplier<Optional<Boolean>> {

    private static final long MAX_BYTES = 256 * 1024;

    private final Path file;

    public ConfigFileConsent(Path file) {
        this.file = file;
    }

    @Override
    public Optional<Boolean> get() {
        try {
            byte[] bytes;
            // FileInputStream rather than Files.readAllBytes: the latter loads some 25 NIO channel
            // classes, milliseconds on every start just to learn the file says nothing.
            try (FileInputStream in = new FileInputStream(file.toFile())) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                return Optional.empty();
            }
            Object root = TinyJson.parse(new String(bytes, StandardCharsets.UTF_8));
            if (root instanceof Map) {
                Object telemetry = ((Map<?, ?>) root).get("telemetry");
                if (telemetry instanceof Map) {
                    Object enabled = ((Map<?, ?>) telemetry).get("enabled");
                    if (enabled instanceof Boolean) {
                        return Optional.of((Boolean) enabled);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
